package org.pubsubserver.http.connection;

import io.netty.channel.Channel;
import java.net.InetAddress;

/**
 * Places for what lives as long as its channel (a connection, a stream), limited in all and per address (0: no
 * limit). A place is given back when the channel closes. An address that is a trusted proxy is not limited per
 * address: it carries many clients. The first refusal of each limit is reported (an address's again only once
 * all of it has closed; the limit in all's again once the count is down to 90%), so a log says it once.
 */
public final class Places {
    /** Where first refusals are reported. */
    public interface Refusals {
        void inAll(int max);

        void perAddress(Channel channel, InetAddress address, int max);
    }

    private final TotalCount all;
    /** Null without a limit per address. */
    private final AddressCounts perAddress;
    private final TrustedProxies proxies;
    private final Refusals refusals;

    public Places(int max, int maxPerAddress, TrustedProxies proxies, Refusals refusals) {
        this.all = new TotalCount(max);
        this.perAddress = maxPerAddress > 0 ? new AddressCounts(maxPerAddress) : null;
        this.proxies = proxies;
        this.refusals = refusals;
    }

    /** Takes a place for {@code channel}, counted against {@code address} (may be null: in all only); false if full. */
    public boolean take(Channel channel, InetAddress address) {
        Taken total = all.take();
        if (!total.taken()) {
            if (total == Taken.NO_FIRST_TIME) {
                refusals.inAll(all.max());
            }
            return false;
        }
        boolean counted = perAddress != null && address != null && !proxies.contains(address);
        if (counted) {
            Taken mine = perAddress.take(address);
            if (!mine.taken()) {
                all.give();
                if (mine == Taken.NO_FIRST_TIME) {
                    refusals.perAddress(channel, address, perAddress.max());
                }
                return false;
            }
        }
        channel.closeFuture().addListener(closed -> {
            all.give();
            if (counted) {
                perAddress.give(address);
            }
        });
        return true;
    }

    /** Places taken now. */
    public int open() {
        return all.open();
    }
}
