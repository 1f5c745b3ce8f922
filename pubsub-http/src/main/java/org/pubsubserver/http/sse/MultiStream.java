package org.pubsubserver.http.sse;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.usecase.OpenStream;

/**
 * One connection that carries several nodes ({@code /eventsource?node=a&node=b}), for pages that need
 * more streams than a browser opens per host. Each event's data is a small JSON object naming its node;
 * its id is the position of every node of the stream ({@code a:5,b:7}, names URL-encoded), so a
 * reconnect's Last-Event-ID resumes each node where it was. Events of different nodes come from different
 * lanes: the position update and the write happen under this object's lock, so the ids on the wire never
 * run ahead of or behind what was written before them. An event of a node that the node's opening had already
 * (at or below its {@link ReplayMark}) is not written again.
 */
final class MultiStream {
    static final AttributeKey<MultiStream> KEY = AttributeKey.valueOf("pubsub.multi-stream");

    private final Channel channel;
    private final Map<String, Long> positions = new LinkedHashMap<>();
    /** How far each started node's opening read its sequence ({@link ReplayMark#of}). */
    private final Map<String, Long> replayedUpTo = new HashMap<>();

    /** A node has a position in the ids once it is resumed from one, or once its start is written. */
    MultiStream(Channel channel, List<String> nodes, Map<String, Long> resumed) {
        this.channel = channel;
        for (String node : nodes) {
            if (resumed.containsKey(node)) {
                positions.put(node, resumed.get(node));
            }
        }
    }

    /** The resume point of each node in a Last-Event-ID of ours ({@code a:5,b:7}); unknown parts are left out. */
    static Map<String, Long> parse(String lastEventId) {
        Map<String, Long> resumed = new HashMap<>();
        if (lastEventId == null || lastEventId.isEmpty()) {
            return resumed;
        }
        for (String part : lastEventId.split(",")) {
            int colon = part.lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            try {
                resumed.put(URLDecoder.decode(part.substring(0, colon), StandardCharsets.UTF_8),
                        Long.parseLong(part.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                // not one of ours: that node starts without a resume point
            }
        }
        return resumed;
    }

    /** The resume point of one node: after its position, or none when the id named it not. */
    static long resumePoint(Map<String, Long> resumed, String node) {
        Long position = resumed.get(node);
        return position == null ? OpenStream.NO_RESUME : position;
    }

    /**
     * The start of one node's part: a reset, or the replayed items; on the node's lane, before the stream is
     * registered for the node's events.
     */
    synchronized void start(String node, OpenStream.Start start) {
        if (start.reset()) {
            SseMessage reset = SseMessage.reset(node, start.position());
            write(node, reset.position(), reset.name(), reset.multiData(node));
        }
        for (Item item : start.items()) {
            SseMessage message = SseMessage.item(item);
            write(node, message.position(), message.name(), message.multiData(node));
        }
        replayedUpTo.put(node, ReplayMark.of(start));
        // from here the node's position is where its sequence stood when the part started; an event with an id
        // and no data sets the client's last event id without dispatching anything (WHATWG "dispatch the event")
        positions.put(node, start.position());
        send("id: " + id() + "\n\n");
    }

    /**
     * One event of {@code node}: {@code message} with its {@code data} for streams of several nodes, encoded once
     * for all of them ({@link SseMessage#multiData}). A message with a position moves the node's position there;
     * one the node's opening had already is not written.
     */
    synchronized void send(String node, SseMessage message, String data) {
        Long mark = replayedUpTo.get(node);
        if (mark != null && ReplayMark.had(mark, message.position())) {
            return;
        }
        write(node, message.position(), message.name(), data);
    }

    /** A named event of one node that is no {@link SseMessage} (the error of a part that could not start). */
    synchronized void named(String node, long position, String event, String json) {
        write(node, position, event, json);
    }

    private void write(String node, long position, String event, String data) {
        if (position >= 0) {
            positions.put(node, position);
        }
        send(SseFormat.event(id(), event, data));
    }

    /**
     * Queues the text on the channel's event loop: from any thread, in the order of the calls (made under this
     * object's lock), so an id never goes out before the data that came before it.
     */
    private void send(String text) {
        channel.eventLoop().execute(() -> channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), text)));
    }

    private String id() {
        StringBuilder id = new StringBuilder();
        positions.forEach((node, position) -> {
            if (id.length() > 0) {
                id.append(',');
            }
            id.append(URLEncoder.encode(node, StandardCharsets.UTF_8)).append(':').append(position);
        });
        return id.toString();
    }
}
