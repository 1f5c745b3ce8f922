package org.pubsubserver.http.sse;

/**
 * Text of Server-Sent Events as the WHATWG HTML "event stream" format reads it: every CR, LF or CRLF in
 * the data starts a new {@code data:} line, {@code id} and {@code event} never contain line breaks, and
 * each event ends with a blank line.
 */
public final class SseFormat {
    private SseFormat() {
    }

    /** One event; {@code id} and {@code event} may be null (then their line is left out). */
    public static String event(String id, String event, String data) {
        StringBuilder out = new StringBuilder(data.length() + 64);
        if (event != null) {
            out.append("event: ").append(singleLine(event)).append('\n');
        }
        if (id != null) {
            out.append("id: ").append(singleLine(id)).append('\n');
        }
        appendData(out, data);
        return out.append('\n').toString();
    }

    /** A comment line, which EventSource clients ignore (used to flush headers and as heartbeat). */
    public static String comment(String text) {
        return ": " + singleLine(text) + "\n\n";
    }

    /** The reconnection-time hint in milliseconds. */
    public static String retry(long millis) {
        return "retry: " + millis + "\n\n";
    }

    private static void appendData(StringBuilder out, String data) {
        int start = 0;
        int length = data.length();
        for (int i = 0; i < length; i++) {
            char c = data.charAt(i);
            if (c == '\r' || c == '\n') {
                out.append("data: ").append(data, start, i).append('\n');
                if (c == '\r' && i + 1 < length && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.append("data: ").append(data, start, length).append('\n');
    }

    private static String singleLine(String value) {
        return value.replace("\r", "").replace("\n", "");
    }
}
