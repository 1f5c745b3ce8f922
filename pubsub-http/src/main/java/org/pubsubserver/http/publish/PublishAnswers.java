package org.pubsubserver.http.publish;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.usecase.Publish;
import org.pubsubserver.http.response.Json;

/**
 * The answers to a publish over HTTP, as JSON. Published: 202 (as {@code mod_pubsub_post} answers), sent after the
 * commit, naming each item and its event id on the node's SSE stream ({@code Last-Event-ID} from there on):
 * {@code {"node":"n","items":[{"id":"i","event":"42"}]}} (a node that keeps no items gives no event id). Refused:
 * {@code {"error":"<condition>","message":"..."}} with the status that says why (the engine's XMPP condition
 * mapped as the table: 404 no node, 403 not allowed, 409 precondition or full node, 413 payload too big,
 * 400 a bad item, 503 with Retry-After when the service is overloaded).
 */
final class PublishAnswers {
    private PublishAnswers() {
    }

    static FullHttpResponse published(Publish.Result result) {
        StringBuilder json = new StringBuilder("{\"node\":").append(Json.string(result.node().name()))
                .append(",\"items\":[");
        for (Item item : result.items()) {
            if (json.charAt(json.length() - 1) != '[') {
                json.append(',');
            }
            json.append("{\"id\":").append(Json.string(item.itemId()));
            if (item.isStored()) {
                json.append(",\"event\":").append(Json.string(Long.toString(item.sequence())));
            }
            json.append('}');
        }
        return response(HttpResponseStatus.ACCEPTED, json.append("]}").toString(), Map.of());
    }

    static FullHttpResponse refused(PublishRefusal refusal) {
        return response(refusal.status(), "{\"error\":" + Json.string(refusal.error()) + ",\"message\":"
                + Json.string(refusal.getMessage()) + "}", refusal.headers());
    }

    /** The engine's refusal as HTTP. */
    static PublishRefusal of(PubSubException refused) {
        String error = refused.pubSubCondition() != null ? refused.pubSubCondition().elementName()
                : refused.condition().elementName();
        return new PublishRefusal(status(refused), error, refused.getMessage(),
                status(refused) == HttpResponseStatus.SERVICE_UNAVAILABLE ? Map.of("Retry-After", "1") : Map.of());
    }

    private static HttpResponseStatus status(PubSubException refused) {
        PubSubCondition detail = refused.pubSubCondition();
        if (detail == PubSubCondition.PAYLOAD_TOO_BIG) {
            return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        }
        if (detail == PubSubCondition.PRECONDITION_NOT_MET || detail == PubSubCondition.NODE_FULL
                || detail == PubSubCondition.MAX_ITEMS_EXCEEDED) {
            return HttpResponseStatus.CONFLICT;
        }
        return switch (refused.condition()) {
            case ITEM_NOT_FOUND, GONE -> HttpResponseStatus.NOT_FOUND;
            case FORBIDDEN, NOT_AUTHORIZED, NOT_ALLOWED, POLICY_VIOLATION -> HttpResponseStatus.FORBIDDEN;
            case CONFLICT, FEATURE_NOT_IMPLEMENTED -> HttpResponseStatus.CONFLICT;
            case BAD_REQUEST, NOT_ACCEPTABLE, JID_MALFORMED -> HttpResponseStatus.BAD_REQUEST;
            case RESOURCE_CONSTRAINT, SERVICE_UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            default -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
    }

    private static FullHttpResponse response(HttpResponseStatus status, String json, Map<String, String> headers) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        headers.forEach(response.headers()::set);
        return response;
    }
}
