package org.pubsubserver.core.config;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.xmpp.packet.JID;

/** Checking and normalizing form field values by type (XEP-0004 §3.3 booleans: "1"/"true", "0"/"false"). */
final class FieldValues {
    private FieldValues() {
    }

    static String normalize(FieldType type, List<String> options, Predicate<String> check, String value) {
        String trimmed = value == null ? "" : value.trim();
        return switch (type) {
            case BOOLEAN -> switch (trimmed) {
                case "true", "1" -> "true";
                case "false", "0" -> "false";
                default -> null;
            };
            case LIST_SINGLE -> options.contains(trimmed) ? trimmed : null;
            case LIST_MULTI -> listMulti(options, value == null ? "" : value);
            case JID_MULTI -> jidMulti(value == null ? "" : value);
            case TEXT_MULTI -> textMulti(value == null ? "" : value);
            default -> check.test(trimmed) ? trimmed : null;
        };
    }

    /**
     * Values of a list-multi field, one a line, each one of the options (any value where the field has no
     * fixed options, such as roster groups); "" for none; null if any is not.
     */
    private static String listMulti(List<String> options, String value) {
        List<String> values = value.lines().map(String::trim).filter(v -> !v.isEmpty()).distinct().toList();
        return options.isEmpty() || options.containsAll(values) ? String.join("\n", values) : null;
    }

    /** Lines of text (e.g. node names), each trimmed, empty ones and repeats left out; "" for none. */
    private static String textMulti(String value) {
        return String.join("\n", value.lines().map(String::trim).filter(v -> !v.isEmpty()).distinct().toList());
    }

    /** JIDs, one a line, as bare or full JIDs in normal form; null if any is not a JID. */
    private static String jidMulti(String value) {
        List<String> jids = new ArrayList<>();
        for (String line : value.lines().map(String::trim).filter(v -> !v.isEmpty()).distinct().toList()) {
            try {
                jids.add(new JID(line).toString());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return String.join("\n", jids);
    }

    static boolean isIntBetween(String value, int min, int max) {
        return Limits.isIntBetween(value, min, max);
    }

    /** An XEP-0082 DateTime as an instant in UTC ("2006-12-19T17:58:35Z"), or null when it is not one. */
    static String dateTime(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant().toString();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
