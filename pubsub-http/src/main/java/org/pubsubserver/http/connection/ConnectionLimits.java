package org.pubsubserver.http.connection;

import io.netty.channel.Channel;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many HTTP connections may be open in all ({@code http.max-connections}) and from one address
 * ({@code http.max-connections-per-address}); 0 is no limit. Asked once per accepted connection, before anything
 * is built for it: a connection over a limit is closed at once, and the connections already open are not touched.
 *
 * <p>A connection counts against its TCP peer's address, unless that is a trusted proxy: a proxy carries many
 * clients and is not limited per address (its clients' streams are, by the address it forwards, in
 * {@code StreamLimits}; its idle connections are closed by {@link RequestTimeout}).
 */
public final class ConnectionLimits {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);

    private final Places places;

    public ConnectionLimits(int max, int maxPerAddress, TrustedProxies proxies) {
        this.places = new Places(max, maxPerAddress, proxies, new Places.Refusals() {
            @Override
            public void inAll(int limit) {
                LOG.warn("HTTP connections reached http.max-connections ({}): new connections are closed at once until"
                        + " some close. Raise it if the machine allows (each connection is an open file)", limit);
            }

            @Override
            public void perAddress(Channel channel, InetAddress address, int limit) {
                LOG.warn("HTTP connections from {} reached http.max-connections-per-address ({}): further ones from it"
                        + " are closed at once until some close. Raise the setting if many clients share that address;"
                        + " a reverse proxy's address belongs in http.trusted-proxies", address.getHostAddress(), limit);
            }
        });
    }

    /** Takes a place for a new connection, given back when it closes; false when over a limit. */
    public boolean admit(Channel channel) {
        return places.take(channel, ClientAddress.peer(channel));
    }
}
