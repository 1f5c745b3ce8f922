package org.pubsubserver.core.model;

/** An item as a publisher sends it: the id (null when the service is to generate one) and the payload XML. */
public record NewItem(String itemId, String payloadXml) {
    public NewItem {
        payloadXml = payloadXml == null ? "" : payloadXml;
    }

    public NewItem withItemId(String id) {
        return new NewItem(id, payloadXml);
    }
}
