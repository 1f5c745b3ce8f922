package org.pubsubserver.http.sse;

import java.time.Duration;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.http.routing.Cors;

/**
 * What the routes that open streams ({@link NodeStreamRoute}, {@link MultiNodeStreamRoute}) are built from, made once
 * for both: the engine, the open streams, who reads, the 200 that starts a stream, the stream limits, the
 * reconnection hint and the heartbeat.
 */
public record StreamRouteParts(PubSubEngine engine, SseStreams streams, StreamReaders readers, StreamHead heads,
                               StreamLimits limits, Duration retryHint, Duration heartbeat) {
    /** {@code cors}: the policy the streams' heads are answered under. */
    public static StreamRouteParts of(PubSubEngine engine, SseStreams streams, StreamTokens tokens, Cors cors,
                                      StreamLimits limits, Duration retryHint, Duration heartbeat) {
        return new StreamRouteParts(engine, streams, new StreamReaders(tokens), new StreamHead(cors), limits, retryHint,
                heartbeat);
    }

    /** The start of a stream's body: a comment that says what it carries ({@code of}), and the reconnection hint. */
    String preamble(String of) {
        return SseFormat.comment("stream of " + of) + SseFormat.retry(retryHint.toMillis());
    }
}
