package org.pubsubserver.http.sse;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.pubsubserver.core.event.PubSubEvent;
import org.pubsubserver.core.event.PubSubEventListener;
import org.pubsubserver.core.model.Item;
import org.xmpp.packet.JID;

/**
 * The open SSE streams by node, and the broadcaster that writes each committed event to them. What an event is to
 * the streams of its node is decided once, by {@link SseEncoder}, for streams of that node alone and streams of
 * several nodes ({@link MultiStream}) alike. For the streams of one node, each message is encoded once into one
 * buffer; each stream gets a retained duplicate of it, written from the stream's event loop in batches
 * ({@link LoopBatches}). A stream whose client does not keep up (its channel stays unwritable) is closed, not
 * waited for. A stream the server ends is ended by {@link StreamOutput#end} (the end of its body, then the close),
 * which its event loop runs after what was handed to it before; the streams of a deleted node right after the
 * delete event, in its batch. A stream is not written an event its opening already read from the store
 * ({@link ReplayMark}: with several instances, an event committed elsewhere can reach this one after that).
 */
public final class SseStreams implements PubSubEventListener {
    /** The streams of one node each, by node; those that carry several nodes ({@link MultiStream}) apart. */
    private final Map<String, Set<Channel>> streamsByNode = new ConcurrentHashMap<>();
    private final Map<String, Set<Channel>> multiStreamsByNode = new ConcurrentHashMap<>();
    private final LoopBatches batches = new LoopBatches();
    private final SseEncoder encoder = new SseEncoder();
    /**
     * By node, the highest {@link ReplayMark} of its streams of one node that a coming event may still be at or
     * below; none once an event of the node has passed it (events reach this in their node's sequence order), so
     * that the streams' marks are looked at only between an opening and the first event after its mark. Read and
     * written on the node's lane only (openings and events).
     */
    private final Map<String, Long> marksAhead = new ConcurrentHashMap<>();
    private final SseCounts counts;

    /** Who reads a stream: a JID (from a token), or no attribute for an anonymous stream. */
    private static final AttributeKey<JID> READER = AttributeKey.valueOf("pubsub.reader");

    /** Streams counted in a {@link SseCounts} of their own. */
    public SseStreams() {
        this(new SseCounts());
    }

    /** {@code counts}: where the streams opened, ended and the events sent are counted. */
    public SseStreams(SseCounts counts) {
        this.counts = counts;
    }

    /** The streams' counts. */
    public SseCounts counts() {
        return counts;
    }

    /**
     * Starts a stream of {@code node} on {@code channel}: writes its response head and opening (taken over)
     * ahead of every event broadcast from now on, puts its {@code output} in place, then adds it (see
     * {@link #add}). {@code replayedUpTo}: how far its opening read the node's sequence ({@link ReplayMark#of}); an
     * event at or below it that reaches the node's streams later is not written to this one again.
     */
    void start(String node, Channel channel, JID reader, Object head, ByteBuf opening, StreamOutput output,
               long replayedUpTo) {
        ReplayMark.set(channel, replayedUpTo);
        marksAhead.merge(node, replayedUpTo, Math::max);
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
        counts.opened(channel);
    }

    /** Takes the stream off the node (when its channel closes, or the node of a stream of several is deleted). */
    void remove(String node, Channel channel) {
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

    /**
     * Tells the streams of the event's node what the event is to them ({@link SseEncoder}): first the streams of
     * several nodes that carry it, then the streams of that node alone. On the node's lane, in the node's order.
     */
    @Override
    public void onEvent(PubSubEvent event) {
        String node = event.node().name();
        Set<Channel> multiStreams = multiStreamsByNode.get(node);
        Set<Channel> channels = streamsByNode.get(node);
        boolean singleStreams = channels != null && !channels.isEmpty();
        Long ahead = marksAhead.get(node);
        if (ahead != null && !singleStreams) {
            marksAhead.remove(node); // the streams it was for have closed
        }
        if (multiStreams == null && !singleStreams) {
            return; // no stream of the node: nothing to encode
        }
        StreamOutcome outcome = event.accept(encoder);
        if (multiStreams != null) {
            outcome.applyTo(new ToMultiStreams(node, multiStreams, this, counts));
        }
        // streams of one node share each encoded event (the broadcast takes its own copy of who they are)
        if (singleStreams) {
            ToSingleNodeStreams target = new ToSingleNodeStreams(channels, batches,
                    ahead == null ? ToSingleNodeStreams.NO_MARKS : ahead, counts);
            outcome.applyTo(target);
            if (ahead != null && target.passedMarks()) {
                marksAhead.remove(node, ahead);
            }
        }
    }

    /**
     * A published item as the default event on a stream of its node alone (see {@link SseMessage#item}): what the
     * broadcast encodes per item, measured by the encoding benchmark.
     */
    static String itemEvent(Item item) {
        return SseMessage.item(item).text();
    }

    /** Whether the stream on {@code channel} is read as this bare JID. */
    static boolean isReadBy(Channel channel, String bareJid) {
        JID reader = channel.attr(READER).get();
        return reader != null && reader.toBareJID().equals(bareJid);
    }

    /**
     * Ends every open stream ({@link StreamOutput#end}: the end of its body, then the close), as the server stops;
     * returns the futures of their channels' closes.
     */
    public List<ChannelFuture> endAll() {
        List<ChannelFuture> closed = new ArrayList<>();
        for (Channel channel : endEveryStream(StreamEnd.SHUTDOWN)) {
            closed.add(channel.closeFuture());
        }
        return closed;
    }

    /**
     * Ends every open stream so that its client comes back for what this instance may have missed (it may not have
     * been told of every event committed by the others: its notification connection to the store dropped), from any
     * thread; returns how many were ended. Each stream gets what was broadcast to it before this call, then the end
     * of its body ({@link StreamOutput#end}) and the close; no event says why. An EventSource treats a body that
     * ends as a lost connection: it reconnects after the stream's {@code retry:} hint ({@code http.retry})
     * with the id of the last event it had as {@code Last-Event-ID} (a stream of several nodes: every node's
     * position), to this instance or another, and the opening there replays from the store every event after it,
     * exactly once, or sends a {@code reset} where that is no longer possible (the same as after any reconnect).
     */
    public int endAllToResume() {
        return endEveryStream(StreamEnd.RESYNC).size();
    }

    /** Ends every open stream (see {@link #endAll}); returns their channels. */
    private Set<Channel> endEveryStream(StreamEnd reason) {
        Set<Channel> all = Collections.newSetFromMap(new IdentityHashMap<>());
        Stream.of(streamsByNode, multiStreamsByNode).flatMap(byNode -> byNode.values().stream()).forEach(all::addAll);
        all.forEach(channel -> StreamOutput.end(channel, reason));
        return all;
    }
}
