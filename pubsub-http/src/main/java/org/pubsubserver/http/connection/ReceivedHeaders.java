package org.pubsubserver.http.connection;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;

/**
 * A request's headers that remember whether a {@code Content-Length} came with them. Netty's decoder (4.1.115)
 * drops {@code Content-Length} from an HTTP/1.1 request that also has {@code Transfer-Encoding: chunked} (and reads
 * the body as chunked), so afterwards the request no longer shows that it had both; {@link RequestFraming} needs to
 * know, to refuse it (RFC 9112 §6.1). Netty 4.1.137 fails such a request in the decoder instead, which
 * {@link RequestFraming} refuses too: this keeps the refusal whatever the decoder does. Validation is Netty's
 * default. Netty's own hook for that case
 * ({@code HttpObjectDecoder.handleTransferEncodingChunkedWithContentLength}) is out of reach: the h2c upgrade
 * handlers need an {@code HttpServerCodec}, which is final and keeps its decoder private. The cost is one name
 * comparison per received header.
 */
final class ReceivedHeaders extends DefaultHttpHeaders {
    /** For {@code HttpDecoderConfig.setHeadersFactory}: request headers of this kind. */
    static final HttpHeadersFactory FACTORY = new HttpHeadersFactory() {
        @Override
        public HttpHeaders newHeaders() {
            return new ReceivedHeaders();
        }

        @Override
        public HttpHeaders newEmptyHeaders() {
            return DefaultHttpHeadersFactory.headersFactory().newEmptyHeaders();
        }
    };

    private boolean contentLength;

    private ReceivedHeaders() {
        super(DefaultHttpHeadersFactory.headersFactory().getNameValidator(),
                DefaultHttpHeadersFactory.headersFactory().getValueValidator());
    }

    /** Whether a Content-Length field was received, even if it has been removed since. */
    boolean contentLengthReceived() {
        return contentLength;
    }

    @Override
    public HttpHeaders add(CharSequence name, Object value) {
        noteContentLength(name);
        return super.add(name, value);
    }

    @Override
    public HttpHeaders add(String name, Object value) {
        noteContentLength(name);
        return super.add(name, value);
    }

    private void noteContentLength(CharSequence name) {
        contentLength |= HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name);
    }
}
