package org.pubsubserver.xmpp.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.pubsubserver.core.model.Subscription;

/**
 * One address to notify of an event, with its subscriptions to the node that are to be told (one message per
 * JID however many subscriptions it has, XEP-0060 §6.1.6). Built by {@link Recipients}.
 */
final class Recipient {
    private final String jid;
    private Subscription first;
    /** All of them once there is more than one; null while there is one (the common case, no list). */
    private List<Subscription> several;

    /** A recipient without subscriptions yet: {@link #add} at least one. */
    Recipient(String jid) {
        this.jid = jid;
    }

    void add(Subscription subscription) {
        if (first == null) {
            first = subscription;
            return;
        }
        if (several == null) {
            several = new ArrayList<>(2);
            several.add(first);
        }
        several.add(subscription);
    }

    String jid() {
        return jid;
    }

    List<Subscription> subscriptions() {
        return several == null ? List.of(first) : several;
    }

    /** Whether it has several subscriptions, each to be named in a SubID header (§7.1.2.4). */
    boolean hasSeveral() {
        return several != null;
    }

    /** Whether any of its subscriptions asks for a message body (include_body: then every message has it). */
    boolean wantsBody() {
        if (several == null) {
            return first.options().includeBody();
        }
        for (Subscription subscription : several) {
            if (subscription.options().includeBody()) {
                return true;
            }
        }
        return false;
    }

    /** Whether every one of its subscriptions asks for digests (pubsub#digest): its items then wait for one. */
    boolean wantsDigest() {
        if (several == null) {
            return first.options().digest();
        }
        for (Subscription subscription : several) {
            if (!subscription.options().digest()) {
                return false;
            }
        }
        return true;
    }

    /** The shortest digest_frequency of its subscriptions: when its digest is due. */
    Duration digestFrequency() {
        Duration shortest = first.options().digestFrequency();
        for (Subscription subscription : subscriptions()) {
            Duration frequency = subscription.options().digestFrequency();
            if (frequency.compareTo(shortest) < 0) {
                shortest = frequency;
            }
        }
        return shortest;
    }
}
