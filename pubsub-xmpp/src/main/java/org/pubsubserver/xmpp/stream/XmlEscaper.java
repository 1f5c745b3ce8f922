package org.pubsubserver.xmpp.stream;

/** Escapes text for XML character data and attribute values; drops characters XML 1.0 cannot carry. */
public final class XmlEscaper {

    private XmlEscaper() {
    }

    /** The text escaped for use as character data or inside a single- or double-quoted attribute value. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        appendEscaped(out, text);
        return out.toString();
    }

    /** Appends the text escaped; characters not allowed in XML 1.0 (§2.2) become U+FFFD. */
    public static void appendEscaped(StringBuilder out, String text) {
        int plain = plainPrefix(text);
        if (plain == text.length()) {
            out.append(text); // most values (addresses, ids, names) need no escaping: one copy
            return;
        }
        out.append(text, 0, plain);
        for (int i = plain; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\'' -> out.append("&apos;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                        out.append('\uFFFD');
                    } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append('\uFFFD'); // a lone surrogate cannot be encoded as UTF-8
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    /** The length of the text's start that is written as it is: printable, not markup, not a surrogate. */
    private static int plainPrefix(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '&' || c == '<' || c == '>' || c == '\'' || c == '"' || c >= 0xD800) {
                return i;
            }
        }
        return text.length();
    }
}
