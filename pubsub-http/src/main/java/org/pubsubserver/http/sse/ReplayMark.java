package org.pubsubserver.http.sse;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.usecase.OpenStream;

/**
 * How far into its node's sequence a stream's opening read the store: the events it replayed, or had no need to
 * (they were before its resume point, or it was reset past them), are those at or below this mark. An event that
 * reaches the stream later with a place at or below it is not written again. With one instance that never happens
 * (a stream opens on its node's lane between two events); with several on one store it does: an event committed
 * by another instance can be read by an opening's replay before its notification reaches this one.
 *
 * <p>An event's place is its position in the node's sequence ({@link SseMessage#position}): a stored item's
 * sequence (the items of one publish are one transaction, so a replay read all of them or none), a told removal's,
 * a purge's. Events with none (configuration, delete, an item of a node that stores none) are always written.
 */
final class ReplayMark {
    /** The mark of a stream of one node alone; set before the stream is registered, never changed after. */
    private static final AttributeKey<Long> KEY = AttributeKey.valueOf("pubsub.sse.replayed-up-to");

    private ReplayMark() {
    }

    /**
     * The mark of an opening: the node's position as it read it, or its newest replayed item if the replay read
     * further (on a store whose reads each see the latest commits, the replay may have read past the position).
     */
    static long of(OpenStream.Start start) {
        long mark = start.position();
        for (Item item : start.items()) {
            mark = Math.max(mark, item.sequence());
        }
        return mark;
    }

    /** Marks the stream of one node on {@code channel}; before it is registered, on its node's lane. */
    static void set(Channel channel, long mark) {
        channel.attr(KEY).set(mark);
    }

    /**
     * Whether the stream of one node on {@code channel} had the event at {@code place} from its opening: one
     * attribute read and a compare, no allocation (a started stream holds the attribute). {@link SseStreams} asks
     * only between an opening and the first event of the node past its mark.
     */
    static boolean had(Channel channel, long place) {
        if (place <= 0) {
            return false; // no place in the sequence
        }
        Long mark = channel.attr(KEY).get();
        return mark != null && place <= mark;
    }

    /** As {@link #had(Channel, long)}, for a mark held elsewhere (a node of a {@link MultiStream}). */
    static boolean had(long mark, long place) {
        return place > 0 && place <= mark;
    }
}
