package org.pubsubserver.http.connection;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * Whom a request comes from: the TCP peer, or, where the peer is a trusted proxy, the address its forwarding
 * headers name. The per-address limits count by it, and log lines name it.
 *
 * <p>Proxies append: each adds the address it took the request from. Read from the right, the addresses
 * are believed while they are trusted proxies; the first that is not is the client. Whatever a client writes
 * into the headers itself stays to the left of that, so it cannot pass for another address. Headers from a
 * peer that is not a trusted proxy are ignored.
 */
public final class ClientAddress {
    /** Set on a channel (an HTTP/1.1 connection, an HTTP/2 stream) by {@link ClientAddressHandler} behind proxies. */
    static final AttributeKey<InetAddress> KEY = AttributeKey.valueOf("pubsub.client-address");

    private ClientAddress() {
    }

    /** The client of the request on {@code channel}: as resolved from its headers, else its TCP peer; null for none. */
    public static InetAddress of(Channel channel) {
        if (channel.hasAttr(KEY)) {
            InetAddress resolved = channel.attr(KEY).get();
            if (resolved != null) {
                return resolved;
            }
        }
        return peer(channel);
    }

    /** For log lines: the client's address, and the proxy it came through where there is one. */
    public static String describe(Channel channel) {
        InetAddress client = of(channel);
        InetAddress peer = peer(channel);
        if (client == null) {
            return String.valueOf(channel.remoteAddress());
        }
        return client.equals(peer) || peer == null ? client.getHostAddress()
                : client.getHostAddress() + " (via " + peer.getHostAddress() + ")";
    }

    /** {@link #describe} when it is printed: for debug log lines, which are mostly not written. */
    public static Object describing(Channel channel) {
        return new Object() {
            @Override
            public String toString() {
                return describe(channel);
            }
        };
    }

    /** The TCP peer's address (an HTTP/2 stream's is its connection's), or null where it is not an IP socket. */
    static InetAddress peer(Channel channel) {
        SocketAddress remote = channel.remoteAddress();
        return remote instanceof InetSocketAddress socket ? socket.getAddress() : null;
    }

    /**
     * The client of a request that {@code peer} sent with {@code headers}: the right-most forwarded address
     * that is not a trusted proxy. Where every forwarded address is a trusted proxy, the left-most; where the
     * first untrusted one is not an address ({@code unknown}, an obfuscated name), the proxy that wrote it.
     */
    static InetAddress resolve(InetAddress peer, HttpHeaders headers, TrustedProxies proxies) {
        if (!proxies.contains(peer)) {
            return peer;
        }
        List<String> nodes = ForwardedHeaders.nodes(headers);
        InetAddress hop = peer;
        for (int i = nodes.size() - 1; i >= 0; i--) {
            InetAddress forwarded = ForwardedHeaders.address(nodes.get(i));
            if (forwarded == null) {
                return hop;
            }
            if (!proxies.contains(forwarded)) {
                return forwarded;
            }
            hop = forwarded;
        }
        return hop;
    }
}
