package org.pubsubserver.core.store.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text the store keeps node configurations and subscription options in: {@code name=value} lines, backslash, CR
 * and LF in values escaped. Public for what moves whole stores (core.backup), which reads and writes the same text.
 */
public final class ConfigCodec {
    private ConfigCodec() {
    }

    public static String encode(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((name, value) -> out.append(name).append('=').append(escape(value)).append('\n'));
        return out.toString();
    }

    /** The fields of {@code text}; none for null. */
    public static Map<String, String> decode(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (text == null) {
            return fields;
        }
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), unescape(line.substring(eq + 1)));
            }
        }
        return fields;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n");
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
