package org.pubsubserver.http.connection;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Places for what lives as long as its channel (a connection, a stream), limited in all and per address (0: no
 * limit), taken from any thread. A place is given back when the channel closes. An address that is a trusted proxy
 * is not limited per address: it carries many clients. The first refusal of each limit is reported, so that a limit
 * that stays reached does not flood the log: an address's again only once everything of it has closed, the limit in
 * all's again once the count is down to 90% of it.
 */
public final class Places {
    /** Where first refusals are reported. */
    public interface Refusals {
        void inAll(int max);

        void perAddress(Channel channel, InetAddress address, int max);
    }

    private final int max;
    private final int maxPerAddress;
    private final TrustedProxies proxies;
    private final Refusals refusals;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean refusedInAll = new AtomicBoolean();
    /** An address has an entry only while something of it is open. */
    private final ConcurrentHashMap<InetAddress, AddressCount> perAddress = new ConcurrentHashMap<>();

    public Places(int max, int maxPerAddress, TrustedProxies proxies, Refusals refusals) {
        if (max < 0 || maxPerAddress < 0) {
            throw new IllegalArgumentException("limits are 0 (none) or more, not " + max + " and " + maxPerAddress);
        }
        this.max = max;
        this.maxPerAddress = maxPerAddress;
        this.proxies = proxies;
        this.refusals = refusals;
    }

    /** Takes a place for {@code channel}, counted against {@code address} (may be null: in all only); false if full. */
    public boolean take(Channel channel, InetAddress address) {
        if (!takeInAll()) {
            return false;
        }
        boolean counted = maxPerAddress > 0 && address != null && !proxies.contains(address);
        if (counted && !takeFor(channel, address)) {
            giveInAll();
            return false;
        }
        channel.closeFuture().addListener(closed -> {
            giveInAll();
            if (counted) {
                perAddress.computeIfPresent(address, (a, count) -> --count.open <= 0 ? null : count);
            }
        });
        return true;
    }

    /** Places taken now. */
    public int open() {
        return open.get();
    }

    private boolean takeInAll() {
        if (open.incrementAndGet() <= max || max == 0) {
            return true;
        }
        open.decrementAndGet();
        if (refusedInAll.compareAndSet(false, true)) {
            refusals.inAll(max);
        }
        return false;
    }

    private void giveInAll() {
        if (open.decrementAndGet() <= max - max / 10 && refusedInAll.get()) {
            refusedInAll.set(false);
        }
    }

    private boolean takeFor(Channel channel, InetAddress address) {
        boolean[] taken = {false};
        boolean[] firstRefusal = {false};
        perAddress.compute(address, (a, count) -> {
            AddressCount now = count == null ? new AddressCount() : count;
            if (now.open < maxPerAddress) {
                now.open++;
                taken[0] = true;
            } else {
                firstRefusal[0] = !now.refused;
                now.refused = true;
            }
            return now;
        });
        if (firstRefusal[0]) {
            refusals.perAddress(channel, address, maxPerAddress);
        }
        return taken[0];
    }

    /** Changed only inside the map's compute, which holds the entry's lock. */
    private static final class AddressCount {
        int open;
        /** The refusal of this address was reported. */
        boolean refused;
    }
}
