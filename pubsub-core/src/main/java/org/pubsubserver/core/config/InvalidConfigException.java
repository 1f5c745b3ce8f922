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

    public static InvalidConfigException unknown(String var) {
        return new InvalidConfigException(var, true, "the service has no node configuration field " + var);
    }

    public static InvalidConfigException notAcceptable(String var, String value) {
        return new InvalidConfigException(var, false, "value '" + value + "' is not acceptable for " + var);
    }

    public String var() {
        return var;
    }

    /** True when the field is not one the service supports, false when its value is not acceptable. */
    public boolean unknownField() {
        return unknownField;
    }
}
