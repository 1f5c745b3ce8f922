package org.pubsubserver.xmpp.stanza;

/** The namespaces this component speaks. */
public final class Namespaces {
    public static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    public static final String PUBSUB_OWNER = "http://jabber.org/protocol/pubsub#owner";
    public static final String PUBSUB_EVENT = "http://jabber.org/protocol/pubsub#event";
    public static final String PUBSUB_ERRORS = "http://jabber.org/protocol/pubsub#errors";
    public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    public static final String PING = "urn:xmpp:ping";
    public static final String RSM = "http://jabber.org/protocol/rsm";
    /** XEP-0313 message archive management, which XEP-0442 applies to pubsub nodes. */
    public static final String MAM = "urn:xmpp:mam:2";
    /** XEP-0313 §7: before-id, after-id, ids, flipped pages and the archive metadata. */
    public static final String MAM_EXTENDED = "urn:xmpp:mam:2#extended";
    public static final String FORWARD = "urn:xmpp:forward:0";
    public static final String DELAY = "urn:xmpp:delay";
    public static final String DATA_FORMS = "jabber:x:data";
    public static final String VERSION = "jabber:iq:version";
    public static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

    private Namespaces() {
    }
}
