package org.pubsubserver.core.config;

/** A submitted configuration value the service does not accept, or a field it does not know. */
public final class InvalidConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String var;
    private final boolean unknownField;

    private InvalidConfigException(String var, boolean unknownField, String message) {
        super(message, null, false, false);
        this.var = var;
        this.unknownField = unknownField;
    }

    static InvalidConfigException unknown(String var) {
        return new InvalidConfigException(var, true, "the service has no node configuration field " + var);
    }

    static InvalidConfigException notAcceptable(String var, String value) {
        return new InvalidConfigException(var, false, "value '" + value + "' is not acceptable for " + var);
    }

    /**
     * Whether a value of a field the service does not support asks for nothing: empty, "0" or "false". The
     * XEP's own examples submit such fields (digest, notify_config, ...); refusing them would break clients.
     */
    public static boolean isOff(String value) {
        String trimmed = value == null ? "" : value.trim();
        return trimmed.isEmpty() || trimmed.equals("0") || trimmed.equals("false");
    }

    public String var() {
        return var;
    }

    /** True when the field is not one the service supports, false when its value is not acceptable. */
    public boolean unknownField() {
        return unknownField;
    }
}
