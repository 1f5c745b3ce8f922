package org.pubsubserver.http;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import javax.net.ssl.SSLException;

/** The server's TLS context: the configured PEM certificate and key, ALPN offering h2 and http/1.1. */
final class TlsContexts {
    private TlsContexts() {
    }

    static SslContext forServer(HttpSettings.Tls tls) {
        try {
            return SslContextBuilder.forServer(tls.certificateChain().toFile(), tls.privateKey().toFile())
                    .sslProvider(SslProvider.JDK)
                    // HTTP/2 (RFC 9113 §9.2.2) forbids the weak suites; these are the ones it allows
                    .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use the TLS certificate " + tls.certificateChain() + " with key "
                    + tls.privateKey() + ": " + e.getMessage(), e);
        }
    }
}
