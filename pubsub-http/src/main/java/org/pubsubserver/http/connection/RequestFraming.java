package org.pubsubserver.http.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pubsubserver.http.response.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right after the HTTP/1.1 codec: refuses a request whose body length is ambiguous, the way requests are
 * smuggled past a proxy that reads the length otherwise, and closes the connection, so that nothing the client
 * sent after it (a request hidden in its body) is ever served.
 *
 * <ul>
 *   <li>{@code Transfer-Encoding} and {@code Content-Length} together: 400 (RFC 9112 §6.1: a server MAY reject
 *       it and MUST close the connection after responding);</li>
 *   <li>a {@code Transfer-Encoding} whose final coding is not {@code chunked} ({@code xchunked},
 *       {@code chunked, gzip}), or that applies chunked twice: 400 and close (§6.3, item 4; §6.1);</li>
 *   <li>{@code Transfer-Encoding} in an HTTP/1.0 request: 400 and close (§6.1: the framing is faulty);</li>
 *   <li>a coding besides chunked that the server does not decode ({@code gzip, chunked}): 501 (§6.1), and close;</li>
 *   <li>a request, or a part of its body, that the codec could not read (e.g. two Content-Length values, one that
 *       is not a number, a chunk size that is not hexadecimal): 400 and close (§6.3 item 5, §7.1), the answer the
 *       router gives it, but here, before the h2c upgrade handler, which switches to HTTP/2 whatever the codec's
 *       verdict. Netty 4.1.137 (not 4.1.115) also fails a request with both Transfer-Encoding and Content-Length in
 *       the codec: it is refused either way.</li>
 * </ul>
 * The codec must be made by {@link #serverCodec()}, whose request headers remember a Content-Length that Netty's
 * decoder drops when the request is chunked (see {@link ReceivedHeaders}).
 */
public final class RequestFraming extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestFraming.class);
    private static final String CHUNKED = "chunked";

    /** Once a request is refused, nothing more from this connection is read or passed on. */
    private boolean refused;

    /** The HTTP/1.1 server codec that this handler follows. */
    public static HttpServerCodec serverCodec() {
        return new HttpServerCodec(new HttpDecoderConfig().setHeadersFactory(ReceivedHeaders.FACTORY));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (refused) {
            ReferenceCountUtil.release(message);
            return;
        }
        Refusal refusal = null;
        if (message instanceof DecoderResultProvider decoded && !decoded.decoderResult().isSuccess()) {
            refusal = Refusal.unreadable(decoded.decoderResult().cause());
        } else if (message instanceof HttpRequest request) {
            refusal = refusal(request);
        }
        if (refusal == null) {
            ctx.fireChannelRead(message);
            return;
        }
        refused = true;
        ReferenceCountUtil.release(message);
        ctx.channel().config().setAutoRead(false);
        LOG.debug("Refused a request from {} and closed the connection: {}", ClientAddress.describing(ctx.channel()),
                refusal.reason());
        // without a request: the answer says Connection: close, and the connection closes once it is sent
        Responses.send(ctx, null, Responses.text(refusal.status(), refusal.answer()));
    }

    /** The answer to a request whose framing is refused, why, and the text the client gets. */
    record Refusal(HttpResponseStatus status, String reason, String answer) {
        static Refusal badRequest(String reason) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, reason, "Refused: " + reason);
        }

        /** The codec could not read the request: the answer the router gives such a request (no detail). */
        static Refusal unreadable(Throwable cause) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "the codec could not read it: " + cause, "Bad request");
        }
    }

    /** What is wrong with the request's framing, or null. */
    static Refusal refusal(HttpRequest request) {
        HttpHeaders headers = request.headers();
        List<String> fields = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (fields.isEmpty()) {
            return null;
        }
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            return Refusal.badRequest("Transfer-Encoding in an HTTP/1.0 request (RFC 9112 §6.1)");
        }
        if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)
                || headers instanceof ReceivedHeaders received && received.contentLengthReceived()) {
            return Refusal.badRequest("both Transfer-Encoding and Content-Length (RFC 9112 §6.1)");
        }
        List<String> codings = new ArrayList<>();
        for (String field : fields) {
            for (String element : field.split(",")) {
                int parameters = element.indexOf(';');
                String coding = (parameters < 0 ? element : element.substring(0, parameters)).strip();
                if (!coding.isEmpty()) { // RFC 9110 §5.6.1: empty list elements are ignored
                    codings.add(coding.toLowerCase(Locale.ROOT));
                }
            }
        }
        if (codings.isEmpty() || !codings.get(codings.size() - 1).equals(CHUNKED)) {
            return Refusal.badRequest("a Transfer-Encoding whose final coding is not chunked (RFC 9112 §6.3)");
        }
        if (codings.indexOf(CHUNKED) != codings.size() - 1) {
            return Refusal.badRequest("chunked applied more than once (RFC 9112 §6.1)");
        }
        if (codings.size() > 1) {
            String reason = "no transfer coding but chunked is implemented (RFC 9112 §6.1)";
            return new Refusal(HttpResponseStatus.NOT_IMPLEMENTED, reason, "Refused: " + reason);
        }
        return null;
    }
}
