package org.pubsubserver.http.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;

/** Bytes in and out of an {@link EmbeddedChannel}, as text, for the stream tests. */
final class Wire {
    private Wire() {
    }

    /** {@code text} as a buffer. */
    static ByteBuf text(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    /** Everything the channel wrote to the network since the last call, as text. */
    static String sent(EmbeddedChannel channel) {
        StringBuilder all = new StringBuilder();
        for (Object message; (message = channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) message;
            all.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return all.toString();
    }
}
