package org.pubsubserver.xmpp.notify;

/**
 * What the notifications of one event carry, the same for every recipient: the {@code <event/>}, a
 * {@code <delay/>} stamp for an item sent late (XEP-0203) or null, the {@code <body/>} for recipients who want
 * one (include_body) or null, and whether a recipient with several subscriptions is told their SubIDs.
 */
record Notification(String eventXml, String delayXml, String bodyXml, SubIds subIds, String collection) {
    /** Whether SubIDs are named in SHIM headers (XEP-0131) where a JID has several subscriptions. */
    enum SubIds {
        /** Item and retract notifications, whose meaning depends on the subscription (§7.1.2.4, §7.2.2.2). */
        WHERE_SEVERAL,
        /** Notifications that do not differ by subscription ("Inclusion of SHIM Headers", §13.16). */
        NONE
    }

    /** An event without delay or body. */
    static Notification of(String eventXml, SubIds subIds) {
        return new Notification(eventXml, null, null, subIds, null);
    }

    Notification withBody(String bodyXml) {
        return new Notification(eventXml, delayXml, bodyXml, subIds, collection);
    }

    Notification withDelay(String delayXml) {
        return new Notification(eventXml, delayXml, bodyXml, subIds, collection);
    }

    /**
     * Sent to the subscribers of a collection above the event's node: a SHIM {@code Collection} header names it
     * (XEP-0248 §notify).
     */
    Notification viaCollection(String collectionName) {
        return new Notification(eventXml, delayXml, bodyXml, subIds, collectionName);
    }
}
