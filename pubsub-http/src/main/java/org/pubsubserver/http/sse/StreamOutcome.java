package org.pubsubserver.http.sse;

import java.util.List;

/**
 * What one event does to the open streams of its node, as {@link SseEncoder} decides it, once for streams of that
 * node alone and streams of several nodes alike. {@link SseStreams} applies it to each through a {@link Target}.
 */
sealed interface StreamOutcome {
    /** Calls the target's method for this outcome. */
    void applyTo(Target target);

    /** What an outcome does to a set of streams: one method per kind of outcome. */
    interface Target {
        void send(List<SseMessage> messages);

        void sendThenEnd(SseMessage message);

        void endReadBy(String bareJid);

        void endAll();

        void nothing();
    }

    /** The streams are told these events, in order. */
    record Send(List<SseMessage> messages) implements StreamOutcome {
        public Send {
            messages = List.copyOf(messages);
        }

        @Override
        public void applyTo(Target target) {
            target.send(messages);
        }
    }

    /**
     * The streams are told this one event, then end for this node (its delete): a stream of the node alone ends; one
     * of several nodes goes on with the others. Told even to a stream that does not keep up.
     */
    record SendThenEnd(SseMessage message) implements StreamOutcome {
        @Override
        public void applyTo(Target target) {
            target.sendThenEnd(message);
        }
    }

    /** The streams read as this bare JID end: its access may have ended, and is checked again on reconnect. */
    record EndReadBy(String bareJid) implements StreamOutcome {
        @Override
        public void applyTo(Target target) {
            target.endReadBy(bareJid);
        }
    }

    /** Every stream of the node ends: who may read it may have changed, and is checked again on reconnect. */
    record EndAll() implements StreamOutcome {
        @Override
        public void applyTo(Target target) {
            target.endAll();
        }
    }

    /**
     * No output: an event SSE has nothing to say about ({@link SseEncoder} says why, kind by kind). Still an event
     * of the node: a stream of several nodes that does not keep up is closed at it as at others ({@link ToMultiStreams}).
     */
    record Nothing() implements StreamOutcome {
        @Override
        public void applyTo(Target target) {
            target.nothing();
        }
    }

    /**
     * An event streams are not told of at all (an untold removal, XEP-0060 §7.2.2.1): as if it had not happened.
     */
    record Untold() implements StreamOutcome {
        @Override
        public void applyTo(Target target) {
            // nothing reaches the streams
        }
    }
}
