package org.pubsubserver.core.config;

/** The service's own bounds on node configuration values. */
public final class Limits {
    /** What {@code max_items = max} means, and the largest number that may be configured. */
    public static final int MAX_ITEMS = 100_000;
    public static final int DEFAULT_PAYLOAD_BYTES = 64 * 1024;
    public static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
    /** The default of a collection's pubsub#children_max (XEP-0248), and the largest that may be configured. */
    public static final int DEFAULT_CHILDREN = 1_000;
    public static final int MAX_CHILDREN = 10_000;

    private Limits() {
    }

    static boolean isIntBetween(String value, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            return number >= min && number <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
