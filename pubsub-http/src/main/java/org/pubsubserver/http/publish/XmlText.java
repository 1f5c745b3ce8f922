package org.pubsubserver.http.publish;

/**
 * Text put into an XML payload: escaped, and refused where it holds a character XML 1.0 cannot carry (§2.2: the
 * controls but tab, newline and carriage return, U+FFFE and U+FFFF, unpaired surrogates), which a stored payload
 * could then never be read back with.
 */
final class XmlText {
    private XmlText() {
    }

    /** Refuses {@code text} (400, naming it {@code what}) where it holds a character XML cannot carry. */
    static void requireCarriable(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (!carriable(c)) {
                throw PublishRefusal.badRequest(String.format("%s holds U+%04X, which XML cannot carry", what, (int) c));
            }
        }
    }

    private static boolean carriable(char c) {
        return !((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || Character.isSurrogate(c)
                || c == '\uFFFE' || c == '\uFFFF');
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (!carriable(c)) {
                        throw PublishRefusal.badRequest(String.format(
                                "the body holds U+%04X, which XML cannot carry", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
