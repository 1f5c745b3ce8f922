package org.pubsubserver.http.sse;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import org.pubsubserver.core.usecase.OpenStream;
import org.pubsubserver.http.response.Responses;
import org.pubsubserver.http.routing.HttpExchange;

/**
 * Where a stream starts: after the event id of the {@code Last-Event-ID} header (sent by browsers on
 * reconnect), or of the {@code lastEventId} query parameter (for the first connect; a browser keeps the
 * URL on reconnect, so the header wins), and how many of the newest items to send first ({@code last}).
 */
final class ResumePoint {
    static final String LAST_EVENT_ID_HEADER = "Last-Event-ID";
    static final String LAST_EVENT_ID_PARAMETER = "lastEventId";
    static final String LAST_ITEMS_PARAMETER = "last";

    private ResumePoint() {
    }

    /** The last event id the request names: its header, else its query parameter; null for none. */
    static String lastEventId(HttpExchange exchange) {
        String header = exchange.headers().get(LAST_EVENT_ID_HEADER);
        if (header != null) {
            return header;
        }
        List<String> values = exchange.query().get(LAST_EVENT_ID_PARAMETER);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The sequence a stream of one node resumes after ({@code id}: from {@link #lastEventId}),
     * {@link OpenStream#NO_RESUME}, or {@link OpenStream#UNKNOWN_ID}.
     */
    static long of(String id) {
        if (id == null || id.isEmpty()) {
            return OpenStream.NO_RESUME; // WHATWG: an empty last event id is none
        }
        try {
            long sequence = Long.parseLong(id.trim());
            return sequence >= 0 ? sequence : OpenStream.UNKNOWN_ID;
        } catch (NumberFormatException e) {
            return OpenStream.UNKNOWN_ID;
        }
    }

    /**
     * The {@code last} parameter: 0 when absent; any count of items, however large, is cut to
     * {@link OpenStream#MAX_REPLAY}. A value that is not a count (a sign other than '+', anything but digits) is
     * refused.
     */
    /** {@link #lastItems} of the request's query; -1 when it is malformed, the request then answered 400. */
    static int lastItemsOr400(HttpExchange exchange) {
        try {
            return lastItems(exchange.query());
        } catch (IllegalArgumentException e) {
            Responses.sendText(exchange.ctx(), exchange.request(), HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return -1;
        }
    }

    static int lastItems(Map<String, List<String>> query) {
        List<String> values = query.get(LAST_ITEMS_PARAMETER);
        if (values == null || values.isEmpty()) {
            return 0;
        }
        String value = values.get(0);
        String digits = value.startsWith("+") ? value.substring(1) : value;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'last' is a number of items (at most " + OpenStream.MAX_REPLAY
                    + " are sent)");
        }
        try {
            return Math.min(Integer.parseInt(digits), OpenStream.MAX_REPLAY);
        } catch (NumberFormatException e) {
            return OpenStream.MAX_REPLAY; // digits only: past an int (parseInt stops at the overflow)
        }
    }
}
