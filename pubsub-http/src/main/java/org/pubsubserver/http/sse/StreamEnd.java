package org.pubsubserver.http.sse;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Why an SSE stream ended, for the operators' metrics: the server says why as it decides to end or close a stream
 * ({@link #mark}); a stream that closes with no reason marked was closed by its client (or the network).
 */
public enum StreamEnd {
    /** The client went away (or the connection was cut). */
    CLIENT("client"),
    /** The client did not read fast enough: its connection stayed unwritable, and the server closed it. */
    SLOW_READER("slow_reader"),
    /** Its reader may no longer read the node: affiliation, access model or token. */
    ACCESS_LOST("access_lost"),
    /** Its node was deleted. */
    NODE_DELETED("node_deleted"),
    /** The server is stopping. */
    SHUTDOWN("shutdown"),
    /** This instance may have missed events of other instances: the stream ended so that its client resumes. */
    RESYNC("resync"),
    /** The server could not go on with it (a fault, logged). */
    ERROR("error");

    private static final AttributeKey<StreamEnd> KEY = AttributeKey.valueOf("pubsub.stream-end");

    private final String label;

    StreamEnd(String label) {
        this.label = label;
    }

    /** The reason as a metric label. */
    public String label() {
        return label;
    }

    /** Says why the server ends the stream on {@code channel}; the first reason given stays. Any thread. */
    static void mark(Channel channel, StreamEnd reason) {
        channel.attr(KEY).setIfAbsent(reason);
    }

    /** Why the stream on {@code channel} ended: the reason marked, else {@link #CLIENT}. */
    static StreamEnd of(Channel channel) {
        StreamEnd reason = channel.attr(KEY).get();
        return reason == null ? CLIENT : reason;
    }
}
