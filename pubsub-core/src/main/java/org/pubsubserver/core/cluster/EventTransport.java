package org.pubsubserver.core.cluster;

import org.pubsubserver.core.event.PubSubEvent;

/**
 * How the instances of one service learn of each other's committed events, so that every instance's SSE streams
 * get every event of their node, in the node's order, once. The engine hands each event to {@link #send} inside
 * the transaction that commits it; the transport delivers it to every instance (the sending one too) only if
 * that transaction commits. PostgreSQL's LISTEN/NOTIFY is the one implementation; another (Redis, NATS) goes behind
 * this interface without touching the engine.
 *
 * <p>What crosses is what the SSE streams need: an event without its recipients (the node's subscribers), since
 * XMPP notifications leave only from the instance that committed the event.
 */
public interface EventTransport {

    /** Called inside the event's committing transaction (on a lane, in the lane's group of writes). */
    void send(PubSubEvent event);

    /**
     * Starts delivering the events every instance commits to {@code receiver}, from a thread of the transport's;
     * returns once the transport listens, so that no event committed afterwards is missed.
     */
    void start(Receiver receiver);


    /** Where the transport delivers events. */
    interface Receiver {
        /** An event committed by some instance (this one included): per node in commit order, each once. */
        void onEvent(PubSubEvent event);

        /**
         * Events may have been missed (the transport lost its connection, or could not read one): what was
         * delivered from events must be made whole again from the store, e.g. by having the SSE streams resume.
         */
        void onEventsMissed(String reason);
    }
}
