package org.pubsubserver.xmpp.stream.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.dom4j.Element;
import org.pubsubserver.xmpp.stream.StreamHeader;
import org.pubsubserver.xmpp.stream.XmppStreamException;
import org.pubsubserver.xmpp.stream.XmppStreamListener;
import org.pubsubserver.xmpp.stream.XmppStreamParser;

/**
 * Netty wrapper of {@link XmppStreamParser}: turns inbound bytes into {@link StreamHeader}, {@link Element} (one
 * per top-level child of the stream) and {@link StreamEnd} messages. A broken stream becomes one
 * {@link StreamFault} message, after which all further input is discarded.
 */
public final class XmppStreamDecoder extends ByteToMessageDecoder {
    /** Bytes copied out of a buffer per parser call when the buffer has no accessible array. */
    static final int CHUNK_BYTES = 16 * 1024;

    private final Collector collector = new Collector();
    private final XmppStreamParser parser;
    private byte[] chunk;
    private boolean failed;

    /** @param maxStanzaBytes largest top-level element accepted, in bytes; larger is a policy-violation fault */
    public XmppStreamDecoder(int maxStanzaBytes) {
        this.parser = new XmppStreamParser(maxStanzaBytes, collector);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        collector.out = out;
        try {
            while (in.isReadable()) {
                in.skipBytes(feed(in));
            }
        } catch (XmppStreamException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            out.add(new StreamFault(e.condition(), e.getMessage(), e.exceededLimit()));
        } finally {
            collector.out = null;
        }
    }

    /** Feeds the parser from the buffer's reader index without moving it; returns the number of bytes fed. */
    private int feed(ByteBuf in) throws XmppStreamException {
        int readable = in.readableBytes();
        if (in.hasArray() && in.arrayOffset() + in.readerIndex() == 0) {
            parser.feed(in.array(), 0, readable); // the parser reads from index 0 without copying
            return readable;
        }
        if (chunk == null) {
            chunk = new byte[CHUNK_BYTES];
        }
        int length = Math.min(readable, CHUNK_BYTES);
        in.getBytes(in.readerIndex(), chunk, 0, length);
        parser.feed(chunk, 0, length);
        return length;
    }

    /** Adds what the parser finds to the current decode call's output list. */
    private static final class Collector implements XmppStreamListener {
        private List<Object> out;

        @Override
        public void streamOpened(StreamHeader header) {
            out.add(header);
        }

        @Override
        public void stanza(Element stanza) {
            out.add(stanza);
        }

        @Override
        public void streamClosed() {
            out.add(StreamEnd.INSTANCE);
        }
    }
}
