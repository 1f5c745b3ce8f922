package org.pubsubserver.bench;

/**
 * How a benchmark node is configured: as users get it ({@code default}: the service's defaults, max_items
 * 100, the oldest item retracted when the node is full, notify_retract off) or {@code tuned} for throughput
 * (max_items 1000, the oldest discarded silently). Results show the tuned one beside the default, never
 * instead of it.
 */
enum NodeSetup {
    DEFAULT(""),
    TUNED("<configure><x xmlns='jabber:x:data' type='submit'>"
            + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#node_config</value></field>"
            + "<field var='pubsub#max_items'><value>1000</value></field>"
            + "<field var='pubsub#publish_node_full'><value>discard-oldest</value></field>"
            + "</x></configure>");

    private final String configure;

    NodeSetup(String configure) {
        this.configure = configure;
    }

    /** The request that creates {@code node} so configured, sent as {@code publisher@localhost/bench}. */
    String createRequest(String id, String domain, String node) {
        return "<iq type='set' id='" + id + "' from='publisher@localhost/bench' to='" + domain + "'>"
                + "<pubsub xmlns='http://jabber.org/protocol/pubsub'><create node='" + node + "'/>" + configure
                + "</pubsub></iq>";
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
