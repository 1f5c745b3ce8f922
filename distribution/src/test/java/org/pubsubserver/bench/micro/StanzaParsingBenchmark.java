package org.pubsubserver.bench.micro;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.pubsubserver.xmpp.dispatch.IqDispatcher;
import org.pubsubserver.xmpp.dispatch.StanzaRouter;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.pubsubserver.xmpp.stream.StreamHeader;
import org.pubsubserver.xmpp.stream.XmppStreamException;
import org.pubsubserver.xmpp.stream.XmppStreamListener;
import org.pubsubserver.xmpp.stream.XmppStreamParser;
import org.xmpp.packet.IQ;

/**
 * Inbound hot path of the component link: every stanza the XMPP server routes to the service is framed and
 * built into a dom4j element by {@link XmppStreamParser} (Aalto async parser), then {@link StanzaRouter} checks
 * its addresses, wraps it as a Tinder {@link IQ} and hands it to the {@link IqDispatcher}. At high publish
 * rates this runs on the link's single event loop for every publish, so it bounds inbound stanzas/s.
 *
 * <p>One invocation feeds one block of {@value #STANZAS_PER_BLOCK} publish IQs (each with a ~200-byte payload)
 * into a stream that was opened in setup, in {@value #CHUNK_BYTES}-byte pieces copied into a reused array, as
 * {@code XmppStreamDecoder} does for the (direct) buffers Netty reads into; pieces split stanzas mid-way.
 * Scores are stanzas/s. {@code parse} stops at the element; {@code parseAndRoute} also runs the real
 * {@link StanzaRouter} and {@link IqDispatcher}, whose only registered handler (standing in for
 * {@code PubSubRequestHandler}, which would hand the request to the engine) consumes the IQ.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StanzaParsingBenchmark {
    static final int STANZAS_PER_BLOCK = 64;
    /** As {@code XmppStreamDecoder.CHUNK_BYTES} (package-private there). */
    static final int CHUNK_BYTES = 16 * 1024;
    /** The default {@code xmpp.max-stanza-size}. */
    static final int MAX_STANZA_BYTES = 1024 * 1024;

    private static final String STREAM_HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept'"
            + " xmlns:stream='http://etherx.jabber.org/streams' from='pubsub.localhost' id='bench-stream'>";

    private final byte[] chunk = new byte[CHUNK_BYTES];
    private byte[] block;
    private XmppStreamParser parser;
    private Sink sink;
    private StanzaRouter router;

    /** Receives the parser's stanzas; routes them when {@link #router} is set, else consumes the element. */
    private static final class Sink implements XmppStreamListener {
        /** The current invocation's; null during setup. */
        Blackhole blackhole;
        StanzaRouter router;
        int stanzas;
        int routedIqs;

        void consume(Object value) {
            if (blackhole != null) {
                blackhole.consume(value);
            }
        }

        @Override
        public void streamOpened(StreamHeader header) {
            // the header is read once, in setup
        }

        @Override
        public void stanza(Element stanza) {
            stanzas++;
            if (router != null) {
                router.onStanza(stanza);
            } else {
                consume(stanza);
            }
        }

        @Override
        public void streamClosed() {
            throw new IllegalStateException("the benchmark stream never closes");
        }
    }

    @Setup
    public void setUp() throws XmppStreamException {
        block = publishBlock().getBytes(StandardCharsets.UTF_8);
        Sink sink = new Sink();
        CompletionStage<IQ> noReply = CompletableFuture.completedFuture(null);
        IqDispatcher dispatcher = new IqDispatcher(sink::consume)
                .register(IQ.Type.set, Namespaces.PUBSUB, "pubsub", request -> {
                    sink.routedIqs++;
                    sink.consume(request);
                    return noReply;
                });
        this.router = new StanzaRouter(dispatcher, sink::consume, sink::consume, message -> false, response -> false);
        this.sink = sink;
        this.parser = new XmppStreamParser(MAX_STANZA_BYTES, sink);
        byte[] header = STREAM_HEADER.getBytes(StandardCharsets.UTF_8);
        parser.feed(header, 0, header.length);

        // one block each way, so that a broken fixture fails here rather than measuring nothing
        feedBlock();
        sink.router = router;
        feedBlock();
        if (sink.stanzas != 2 * STANZAS_PER_BLOCK || sink.routedIqs != STANZAS_PER_BLOCK) {
            throw new IllegalStateException("expected " + STANZAS_PER_BLOCK + " publish IQs per block; got "
                    + sink.stanzas + " stanzas and " + sink.routedIqs + " routed IQs in two blocks");
        }
    }

    @Benchmark
    @OperationsPerInvocation(STANZAS_PER_BLOCK)
    public void parse(Blackhole blackhole) throws XmppStreamException {
        sink.blackhole = blackhole;
        sink.router = null;
        feedBlock();
    }

    @Benchmark
    @OperationsPerInvocation(STANZAS_PER_BLOCK)
    public void parseAndRoute(Blackhole blackhole) throws XmppStreamException {
        sink.blackhole = blackhole;
        sink.router = router;
        feedBlock();
    }

    private void feedBlock() throws XmppStreamException {
        for (int offset = 0; offset < block.length; offset += CHUNK_BYTES) {
            int length = Math.min(CHUNK_BYTES, block.length - offset);
            System.arraycopy(block, offset, chunk, 0, length);
            parser.feed(chunk, 0, length);
        }
    }

    /** {@value #STANZAS_PER_BLOCK} publish IQs from different users, each with one item of a ~200-byte entry. */
    static String publishBlock() {
        StringBuilder xml = new StringBuilder();
        for (int i = 0; i < STANZAS_PER_BLOCK; i++) {
            xml.append("<iq type='set' id='pub-").append(i).append("' from='user").append(i)
                    .append("@localhost/res' to='pubsub.localhost'><pubsub xmlns='").append(Namespaces.PUBSUB)
                    .append("'><publish node='bench'><item id='item-").append(i).append("'>").append(entry(i))
                    .append("</item></publish></pubsub></iq>");
        }
        return xml.toString();
    }

    /** A payload element of about 200 bytes. */
    static String entry(int i) {
        return "<entry xmlns='urn:bench'><title>Item " + i + " of the benchmark</title><value>" + (1000 + i)
                + "</value><summary>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod"
                + " tempor incididunt.</summary></entry>";
    }
}
