package org.pubsubserver.http.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.pubsubserver.core.model.Item;
import org.xmpp.packet.JID;

/**
 * Outbound hot path of a publish over HTTP: encoding one published item as the Server-Sent Event that every
 * single-node stream of its node receives, exactly as {@code SseStreams} does it once per event before handing
 * each stream a retained duplicate: {@link SseStreams#itemEvent} (the sequence as {@code id:}, the payload through
 * {@link SsePayloads#data} and split into {@code data:} lines by {@link SseFormat#event}), then UTF-8 into a pooled
 * {@link ByteBuf}. Scores are events/s.
 *
 * <p>In this package, not {@code org.pubsubserver.bench.micro}, because {@code SseStreams.itemEvent} and
 * {@code SsePayloads} are package-private. Payloads (~200 bytes): {@code single-line} XML, the same XML
 * pretty-printed over {@code multi-line}s (one {@code data:} line each), and a XEP-0335 {@code json} container,
 * which {@link SsePayloads#data} parses to send the JSON text.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SseEncodingBenchmark {

    @Param({"single-line", "multi-line", "json"})
    public String payload;

    private Item item;

    @Setup
    public void setUp() {
        String xml = switch (payload) {
            case "single-line" -> "<entry xmlns=\"urn:bench\"><title>Item 42 of the benchmark</title><value>1042"
                    + "</value><summary>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod"
                    + " tempor incididunt.</summary></entry>";
            case "multi-line" -> "<entry xmlns=\"urn:bench\">\n  <title>Item 42 of the benchmark</title>\n"
                    + "  <value>1042</value>\n  <summary>\n    Lorem ipsum dolor sit amet,\n"
                    + "    consectetur adipiscing elit,\n    sed do eiusmod tempor incididunt.\n  </summary>\n"
                    + "</entry>";
            case "json" -> "<json xmlns=\"urn:xmpp:json:0\">{\"title\":\"Item 42 of the benchmark\",\"value\":1042,"
                    + "\"summary\":\"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor"
                    + " incididunt.\"}</json>";
            default -> throw new IllegalArgumentException("unknown payload " + payload);
        };
        item = new Item(1, 42, "item-42", new JID("publisher@localhost/res"), Instant.now(), xml);

        // a broken fixture fails here rather than measuring something else
        String event = SseStreams.itemEvent(item);
        long dataLines = event.lines().filter(line -> line.startsWith("data: ")).count();
        long expectedLines = payload.equals("multi-line") ? xml.lines().count() : 1;
        if (!event.startsWith("id: 42\n") || dataLines != expectedLines
                || payload.equals("json") && event.contains("<json")) {
            throw new IllegalStateException("unexpected SSE event for " + payload + ":\n" + event);
        }
    }

    @Benchmark
    public void itemEvent(Blackhole blackhole) {
        ByteBuf encoded = ByteBufUtil.writeUtf8(PooledByteBufAllocator.DEFAULT, SseStreams.itemEvent(item));
        try {
            blackhole.consume(encoded);
        } finally {
            encoded.release();
        }
    }
}
