package org.pubsubserver.http.publish;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.pubsubserver.core.model.NewItem;

/**
 * A JSON body as {@code mod_pubsub_post} publishes it: the text, unchanged, in XEP-0335's
 * {@code <json xmlns='urn:xmpp:json:0'>}, which the SSE streams send back as the same JSON text. It must be one
 * JSON object or array (RFC 8259, UTF-8); a string {@code id} member of the object names the item. Read with a
 * streaming parser bounded in nesting depth, so that no body makes the server recurse deeply.
 */
final class JsonPayload {
    static final String NAMESPACE = "urn:xmpp:json:0";
    /** Deeper than any document a webhook sends; bounds the parser's stack. */
    private static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private JsonPayload() {
    }

    /** The item for {@code body}: its id is {@code requestedId}, else the object's string {@code id}, else null. */
    static NewItem item(byte[] body, String requestedId) {
        String id = null;
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
                throw PublishRefusal.badRequest("the body must be a JSON object or array");
            }
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (first == JsonToken.START_OBJECT && token == JsonToken.FIELD_NAME
                        && parser.getParsingContext().getParent().inRoot() && "id".equals(parser.currentName())
                        && parser.nextToken() == JsonToken.VALUE_STRING) {
                    id = parser.getText();
                }
                if (parser.getParsingContext().inRoot() && token.isStructEnd()) {
                    break;
                }
            }
            if (parser.nextToken() != null) {
                throw PublishRefusal.badRequest("the body holds more than one JSON value");
            }
        } catch (IOException e) {
            throw PublishRefusal.badRequest("the body is not JSON: " + firstLine(e.getMessage()));
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return new NewItem(requestedId != null ? requestedId : id,
                "<json xmlns='" + NAMESPACE + "'>" + XmlText.escape(text) + "</json>");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
