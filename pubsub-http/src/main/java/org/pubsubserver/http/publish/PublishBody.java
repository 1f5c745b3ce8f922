package org.pubsubserver.http.publish;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.http.response.Json;

/**
 * A request body as items, by its media type, as {@code mod_pubsub_post} reads them: {@code application/json} or
 * {@code *+json} ({@link JsonPayload}); {@code application/xml}, {@code text/xml} or {@code *+xml}
 * ({@link XmlPayloads}: an Atom feed is one item per entry); {@code application/x-www-form-urlencoded}, whose fields
 * are published as a JSON object of strings. Anything else is 415. JSON and forms are UTF-8; XML says its own
 * encoding.
 */
final class PublishBody {
    private final XmlPayloads xml = new XmlPayloads();

    /** The items of {@code body}; {@code requestedId}: the item id the URL asked for, or null. */
    List<NewItem> items(String contentType, byte[] body, String requestedId, Instant now) {
        String type = mediaType(contentType);
        if (body.length == 0) {
            throw PublishRefusal.badRequest("the body is empty: send the item's payload");
        }
        if (type.equals("application/json") || type.endsWith("+json")) {
            requireUtf8(contentType);
            requireUtf8Bytes(body);
            return List.of(JsonPayload.item(body, requestedId));
        }
        if (type.equals("application/xml") || type.equals("text/xml") || type.endsWith("+xml")) {
            return xml.items(body, requestedId, now);
        }
        if (type.equals("application/x-www-form-urlencoded")) {
            requireUtf8(contentType);
            return List.of(formItem(body, requestedId));
        }
        throw new PublishRefusal(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "publish JSON (application/json), XML (application/xml, an Atom feed as application/atom+xml) or a "
                        + "form (application/x-www-form-urlencoded), not " + (type.isEmpty() ? "a body without Content-Type" : type));
    }

    /** The media type, lower case, without parameters; empty when there is none. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static void requireUtf8(String contentType) {
        String lower = contentType.toLowerCase(Locale.ROOT);
        int charset = lower.indexOf("charset=");
        if (charset >= 0) {
            String name = lower.substring(charset + 8).split("[;\\s]", 2)[0].replace("\"", "");
            if (!name.equals("utf-8") && !name.equals("utf8")) {
                throw new PublishRefusal(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                        "JSON and forms are taken in UTF-8 only, not " + name);
            }
        }
    }

    /**
     * RFC 8259 §8.1: JSON between systems is UTF-8, without a byte order mark. A body in UTF-16 or UTF-32 (which
     * starts with a zero byte or a BOM) is 415 here, rather than a confusing 400 further on.
     */
    private static void requireUtf8Bytes(byte[] body) {
        boolean bom = body.length >= 2 && ((body[0] == (byte) 0xFE && body[1] == (byte) 0xFF)
                || (body[0] == (byte) 0xFF && body[1] == (byte) 0xFE));
        boolean zero = false;
        for (int i = 0; i < Math.min(4, body.length); i++) {
            zero |= body[i] == 0;
        }
        if (bom || zero) {
            throw new PublishRefusal(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "JSON is taken in UTF-8 only (RFC 8259 §8.1), not UTF-16 or UTF-32");
        }
    }

    /** A form's fields (the first value of each) as a JSON object of strings; its {@code id} field names the item. */
    private static NewItem formItem(byte[] body, String requestedId) {
        Map<String, List<String>> fields;
        try {
            fields = new QueryStringDecoder(new String(body, StandardCharsets.UTF_8), false).parameters();
        } catch (IllegalArgumentException e) {
            throw PublishRefusal.badRequest("the form is malformed: " + e.getMessage());
        }
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, List<String>> field : fields.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(Json.string(field.getKey())).append(':').append(Json.string(field.getValue().get(0)));
        }
        json.append('}');
        List<String> id = fields.get("id");
        String itemId = requestedId != null ? requestedId : id == null ? null : id.get(0);
        return new NewItem(itemId, "<json xmlns='" + JsonPayload.NAMESPACE + "'>" + XmlText.escape(json.toString())
                + "</json>");
    }
}
