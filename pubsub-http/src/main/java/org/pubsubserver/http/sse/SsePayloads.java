package org.pubsubserver.http.sse;

import org.dom4j.Document;
import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;

/**
 * The {@code data} of an item's event: the payload XML as published (as {@code mod_pubsub_eventsource}
 * sends it), except a XEP-0335 JSON container ({@code <json xmlns='urn:xmpp:json:0'>}), whose JSON text is
 * sent as it is, for {@code JSON.parse(event.data)}.
 */
final class SsePayloads {
    static final String JSON_NAMESPACE = "urn:xmpp:json:0";

    private SsePayloads() {
    }

    static String data(String payloadXml) {
        if (!payloadXml.startsWith("<json") || !payloadXml.contains(JSON_NAMESPACE)) {
            return payloadXml;
        }
        try {
            Document document = DocumentHelper.parseText(payloadXml);
            Element root = document.getRootElement();
            return JSON_NAMESPACE.equals(root.getNamespaceURI()) && "json".equals(root.getName()) ? root.getText()
                    : payloadXml;
        } catch (DocumentException e) {
            return payloadXml;
        }
    }
}
