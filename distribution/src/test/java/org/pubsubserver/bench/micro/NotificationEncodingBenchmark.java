package org.pubsubserver.bench.micro;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.pubsubserver.core.event.ItemsPublished;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.xmpp.notify.EventNotifier;
import org.pubsubserver.xmpp.presence.PresenceTracker;
import org.pubsubserver.xmpp.stanza.StanzaOutput;
import org.xmpp.packet.JID;

/**
 * Outbound hot path of a publish over XMPP: the real {@link EventNotifier#onEvent} turning one
 * {@link ItemsPublished} into one {@code <message/>} with a pubsub#event per subscriber (the event XML is built
 * once per event, then per subscriber the subscription filter, the address and the message string), and each
 * message encoded to a pooled UTF-8 {@link ByteBuf} as {@code ComponentLink.send} does before writing it. Fan-out
 * to many subscribers makes this the per-message cost that bounds notifications/s on the link's side.
 *
 * <p>The node has the default configuration (payloads delivered, headline messages, no presence-based delivery)
 * and one item with a ~200-byte payload; subscriptions have default options (no digest, no body). The
 * {@link StanzaOutput} stands in for the link: it encodes, consumes and releases the buffer, so no channel write
 * or flush is measured. {@code oneSubscriber} scores events/s (one message each); {@code fanOut} scores
 * messages/s with {@value #FAN_OUT} subscribers per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NotificationEncodingBenchmark {
    static final int FAN_OUT = 100;

    private EventNotifier notifier;
    private LinkOutput output;
    private ItemsPublished toOne;
    private ItemsPublished toMany;

    /** Encodes each stanza as the link does and consumes the buffer. */
    private static final class LinkOutput implements StanzaOutput {
        /** The current invocation's; null during setup. */
        Blackhole blackhole;
        int sent;

        @Override
        public boolean send(String stanzaXml) {
            ByteBuf encoded = ByteBufUtil.writeUtf8(PooledByteBufAllocator.DEFAULT, stanzaXml);
            try {
                if (blackhole != null) {
                    blackhole.consume(encoded);
                }
                sent++;
            } finally {
                encoded.release();
            }
            return true;
        }
    }

    @Setup
    public void setUp() {
        output = new LinkOutput();
        notifier = new EventNotifier(new JID("pubsub.localhost"), output, new PresenceTracker(), (task, delay) -> {
            throw new IllegalStateException("no digests are configured in this benchmark");
        });
        Instant now = Instant.now();
        Node node = new Node(1, "bench", new JID("owner@localhost"), now, NodeConfig.defaults());
        Item item = new Item(node.id(), 42, "item-42", new JID("publisher@localhost/res"), now,
                "<entry xmlns=\"urn:bench\"><title>Item 42 of the benchmark</title><value>1042</value><summary>"
                        + "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt."
                        + "</summary></entry>");
        toOne = new ItemsPublished(node, List.of(item), subscriptions(node, 1));
        toMany = new ItemsPublished(node, List.of(item), subscriptions(node, FAN_OUT));

        // a broken fixture (e.g. subscriptions filtered out) fails here rather than measuring nothing
        notifier.onEvent(toOne);
        notifier.onEvent(toMany);
        if (output.sent != 1 + FAN_OUT) {
            throw new IllegalStateException("expected " + (1 + FAN_OUT) + " messages, got " + output.sent);
        }
    }

    private static List<Subscription> subscriptions(Node node, int count) {
        List<Subscription> subscriptions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            subscriptions.add(new Subscription(node.name(), new JID("user" + i + "@localhost"), "sub-" + i,
                    SubscriptionState.SUBSCRIBED));
        }
        return subscriptions;
    }

    @Benchmark
    public void oneSubscriber(Blackhole blackhole) {
        output.blackhole = blackhole;
        notifier.onEvent(toOne);
    }

    @Benchmark
    @OperationsPerInvocation(FAN_OUT)
    public void fanOut(Blackhole blackhole) {
        output.blackhole = blackhole;
        notifier.onEvent(toMany);
    }
}
