package org.pubsubserver.http.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.pubsubserver.core.event.AffiliationChanged;
import org.pubsubserver.core.event.ItemsPublished;
import org.pubsubserver.core.event.ItemsRetracted;
import org.pubsubserver.core.event.NodeConfigured;
import org.pubsubserver.core.model.AccessModel;
import org.pubsubserver.core.event.NodeDeleted;
import org.pubsubserver.core.event.NodePurged;
import org.pubsubserver.core.event.PubSubEvent;
import org.pubsubserver.core.event.PubSubEventListener;
import org.pubsubserver.core.event.SubscriptionChanged;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.http.response.Json;
import org.pubsubserver.http.connection.ClientAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

/**
 * The open SSE streams by node, and the broadcaster that writes each committed event to them. An event
 * is encoded once into one buffer; each stream gets a retained duplicate of it, written from the stream's
 * event loop in batches ({@link LoopBatches}). A stream whose client does not keep up (its channel stays
 * unwritable) is closed, not waited for. A stream the server ends is ended by {@link StreamOutput#end} (the end
 * of its body, then the close), which its event loop runs after what was handed to it before; the streams of a
 * deleted node right after the delete event, in its batch.
 */
public final class SseStreams implements PubSubEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(SseStreams.class);

    /** The streams of one node each, by node; those that carry several nodes ({@link MultiStream}) apart. */
    private final Map<String, Set<Channel>> streamsByNode = new ConcurrentHashMap<>();
    private final Map<String, Set<Channel>> multiStreamsByNode = new ConcurrentHashMap<>();
    private final LoopBatches batches = new LoopBatches();

    /** Who reads a stream: a JID (from a token), or no attribute for an anonymous stream. */
    private static final AttributeKey<JID> READER = AttributeKey.valueOf("pubsub.reader");

    /**
     * Starts a stream of {@code node} on {@code channel}: writes its response head and opening (taken over)
     * ahead of every event broadcast from now on, puts its {@code output} in place, then adds it (see
     * {@link #add}).
     */
    void start(String node, Channel channel, JID reader, Object head, ByteBuf opening, StreamOutput output) {
        batches.start(channel, head, opening, output);
        add(node, channel, reader);
    }

    /** Adds an open stream read by {@code reader} (null: anonymous); it is removed again when its channel closes. */
    public void add(String node, Channel channel, JID reader) {
        if (reader != null) {
            channel.attr(READER).set(reader.asBareJID());
        }
        Map<String, Set<Channel>> byNode = channel.hasAttr(MultiStream.KEY) ? multiStreamsByNode : streamsByNode;
        byNode.compute(node, (n, channels) -> {
            Set<Channel> set = channels == null ? ConcurrentHashMap.newKeySet() : channels;
            set.add(channel);
            return set;
        });
        channel.closeFuture().addListener(f -> remove(node, channel));
    }

    private void remove(String node, Channel channel) {
        Map<String, Set<Channel>> byNode = channel.hasAttr(MultiStream.KEY) ? multiStreamsByNode : streamsByNode;
        byNode.computeIfPresent(node, (n, channels) -> {
            channels.remove(channel);
            return channels.isEmpty() ? null : channels;
        });
    }

    /** How many streams are open, for logs and tests. */
    public int count() {
        return Stream.of(streamsByNode, multiStreamsByNode).flatMap(byNode -> byNode.values().stream())
                .mapToInt(Set::size).sum();
    }

    @Override
    public void onEvent(PubSubEvent event) {
        if (event instanceof ItemsRetracted retracted && !retracted.notifySubscribers()) {
            // XEP-0060 §7.2.2.1 and §7.1.2.5: retractions and evictions are told only under the retract's notify or
            // the node's pubsub#notify_retract, to streams as to XMPP subscribers. Such a removal takes no place in
            // the node's sequence: a stream that resumes is reset only if it missed an item so removed (OpenStream).
            return;
        }
        // streams of several nodes get their own ids, around data encoded once per event
        Set<Channel> multiStreams = multiStreamsByNode.get(event.node().name());
        if (multiStreams != null) {
            List<String> itemData = event instanceof ItemsPublished published ? published.items().stream()
                    .map(item -> MultiStream.itemData(event.node().name(), item)).toList() : null;
            for (Channel channel : multiStreams) {
                toMultiStream(channel.attr(MultiStream.KEY).get(), channel, event, itemData);
            }
        }
        // streams of one node share each encoded event (the broadcast takes its own copy of who they are)
        Set<Channel> channels = streamsByNode.get(event.node().name());
        if (channels == null || channels.isEmpty()) {
            return;
        }
        if (event instanceof ItemsPublished published) {
            for (Item item : published.items()) {
                broadcast(channels, itemEvent(item), false);
            }
        } else if (event instanceof ItemsRetracted retracted) {
            // one removal, one place in the node's sequence: each retract event carries it as id, so a stream
            // that saw it does not start over when it resumes
            String id = Long.toString(retracted.sequence());
            for (String itemId : retracted.itemIds()) {
                broadcast(channels, SseFormat.event(id, "retract", itemId), false);
            }
        } else if (event instanceof NodePurged purged) {
            broadcast(channels, SseFormat.event(Long.toString(purged.sequence()), "purge", nodeJson(event.node().name())),
                    false);
        } else if (event instanceof NodeConfigured configured) {
            if (configured.node().config().accessModel() != AccessModel.OPEN) {
                // who may read may have changed: the streams end, and each reconnect is checked again (anonymous
                // ones get 401); a reader still allowed resumes where it was
                channels.forEach(StreamOutput::end);
            } else if (configured.notifySubscribers()) {
                broadcast(channels, SseFormat.event(null, "config", nodeJson(event.node().name())), false);
            }
        } else if (event instanceof AffiliationChanged changed) {
            endStreamsOf(channels, changed.jid()); // checked again on reconnect: an outcast gets 403
        } else if (event instanceof SubscriptionChanged changed && changed.subscription().state() == SubscriptionState.NONE) {
            endStreamsOf(channels, changed.subscription().jid());
        } else if (event instanceof NodeDeleted) {
            broadcast(channels, deleteEvent(event.node().name()), true);
        }
    }

    /**
     * A published item as the default event: its payload (the JSON text of a {@code urn:xmpp:json:0}
     * payload), with its sequence as id; an item of a transient node is not stored, so it has no id.
     */
    static String itemEvent(Item item) {
        String id = item.isStored() ? Long.toString(item.sequence()) : null;
        return SseFormat.event(id, null, SsePayloads.data(item.payloadXml()));
    }

    /** Tells a resuming stream that it cannot be brought up to date: start over from {@code position}. */
    static String resetEvent(String node, long position) {
        return SseFormat.event(Long.toString(position), "reset", nodeJson(node));
    }

    /** The named event that tells a stream its node is gone; the stream ends after it. */
    static String deleteEvent(String node) {
        return SseFormat.event(null, "delete", nodeJson(node));
    }

    /** One event to a stream of several nodes (see {@link MultiStream}). */
    private void toMultiStream(MultiStream multi, Channel channel, PubSubEvent event, List<String> itemData) {
        String node = event.node().name();
        if (!channel.isWritable() && !(event instanceof NodeDeleted)) {
            LOG.debug("Closing SSE stream {}: the client does not keep up", ClientAddress.describing(channel));
            channel.close();
            return;
        }
        if (event instanceof ItemsPublished published) {
            for (int i = 0; i < published.items().size(); i++) {
                Item item = published.items().get(i);
                multi.item(node, item.isStored() ? item.sequence() : -1, itemData.get(i));
            }
        } else if (event instanceof ItemsRetracted retracted) {
            for (String itemId : retracted.itemIds()) {
                multi.named(node, retracted.sequence(), "retract",
                        "{\"node\":" + Json.string(node) + ",\"id\":" + Json.string(itemId) + "}");
            }
        } else if (event instanceof NodePurged purged) {
            multi.named(node, purged.sequence(), "purge", nodeJson(node));
        } else if (event instanceof NodeConfigured configured) {
            if (configured.node().config().accessModel() != AccessModel.OPEN) {
                StreamOutput.end(channel);
            } else if (configured.notifySubscribers()) {
                multi.named(node, -1, "config", nodeJson(node));
            }
        } else if (event instanceof AffiliationChanged changed) {
            endStreamsOf(Set.of(channel), changed.jid());
        } else if (event instanceof SubscriptionChanged changed && changed.subscription().state() == SubscriptionState.NONE) {
            endStreamsOf(Set.of(channel), changed.subscription().jid());
        } else if (event instanceof NodeDeleted) {
            // the other nodes of the stream go on
            multi.named(node, -1, "delete", nodeJson(node));
            remove(node, channel);
        }
    }

    /** Ends the streams read as this (bare) JID, whose access to the node may have ended. */
    private static void endStreamsOf(Collection<Channel> channels, JID jid) {
        String bare = jid.toBareJID();
        for (Channel channel : channels) {
            JID reader = channel.attr(READER).get();
            if (reader != null && reader.toBareJID().equals(bare)) {
                StreamOutput.end(channel);
            }
        }
    }

    /**
     * Ends every open stream ({@link StreamOutput#end}: the end of its body, then the close), as the server stops;
     * returns the futures of their channels' closes.
     */
    public List<ChannelFuture> endAll() {
        List<ChannelFuture> closed = new ArrayList<>();
        Set<Channel> all = Collections.newSetFromMap(new IdentityHashMap<>());
        Stream.of(streamsByNode, multiStreamsByNode).flatMap(byNode -> byNode.values().stream()).forEach(all::addAll);
        for (Channel channel : all) {
            StreamOutput.end(channel);
            closed.add(channel.closeFuture());
        }
        return closed;
    }

    /** The data of the node-level named events: {"node":"..."}. */
    private static String nodeJson(String node) {
        return "{\"node\":" + Json.string(node) + "}";
    }

    private void broadcast(Collection<Channel> channels, String text, boolean closeAfter) {
        batches.write(channels, ByteBufUtil.writeUtf8(PooledByteBufAllocator.DEFAULT, text), closeAfter);
    }
}
