package org.pubsubserver.xmpp.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Item notifications of digest subscriptions (pubsub#digest), collected per JID and node: the first one
 * schedules the digest after digest_frequency; until then further items join it (a republished id keeps
 * only its newest version). Safe to call from any lane.
 */
final class DigestBuffer {
    /** One digest to send: the node, the recipient with its subscriptions, the items in publish order. */
    record Digest(Node node, Recipient recipient, List<Item> items) {
    }

    private record Key(String recipient, String node) {
    }

    private static final class Pending {
        Node node;
        Recipient recipient;
        final Map<String, Item> items = new LinkedHashMap<>();
    }

    private static final Logger LOG = LoggerFactory.getLogger(DigestBuffer.class);

    private final Map<Key, Pending> pending = new ConcurrentHashMap<>();
    private final Scheduler scheduler;
    private final Consumer<Digest> send;

    DigestBuffer(Scheduler scheduler, Consumer<Digest> send) {
        this.scheduler = scheduler;
        this.send = send;
    }

    void add(Node node, Recipient recipient, List<Item> items, Duration frequency) {
        Key key = new Key(recipient.jid(), node.name());
        boolean[] first = {false};
        pending.compute(key, (k, digest) -> {
            Pending current = digest;
            if (current == null) {
                current = new Pending();
                first[0] = true;
            }
            current.node = node;
            current.recipient = recipient;
            for (Item item : items) {
                current.items.remove(item.itemId());
                current.items.put(item.itemId(), item);
            }
            return current;
        });
        if (first[0]) {
            scheduler.schedule(() -> flush(key), frequency);
        }
    }

    private void flush(Key key) {
        Pending digest = pending.remove(key);
        if (digest == null) {
            return;
        }
        try {
            send.accept(new Digest(digest.node, digest.recipient, new ArrayList<>(digest.items.values())));
        } catch (RuntimeException e) {
            // a scheduler may keep a task's failure to itself: say it here
            LOG.error("Could not send the digest of node {} to {}", key.node(), key.recipient(), e);
        }
    }
}
