package org.pubsubserver.core.model;

/**
 * Whether a removal of items other than by republishing their ids is told to those who follow the node: XMPP
 * subscribers and SSE streams alike (XEP-0060 §7.2.2.1: a retract's notify, or the node's pubsub#notify_retract;
 * a purge always is). It decides what the removal leaves in the node's sequence, which SSE resume reads (see
 * {@link StreamPosition}).
 */
public enum Removal {
    /** An event tells of it: it takes the next place in the node's sequence, which the event carries as its id. */
    TOLD,
    /** Nothing tells of it: it takes no place; the node remembers the newest place of an item it took. */
    UNTOLD;

    public static Removal told(boolean told) {
        return told ? TOLD : UNTOLD;
    }
}
