package org.pubsubserver.http.connection;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reverse proxies ({@code http.trusted-proxies}) whose forwarding headers name the client: addresses and
 * CIDR ranges, IPv4 and IPv6 ({@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code fd00::/8}). Entries are address
 * literals, never names: nothing here asks DNS.
 */
public final class TrustedProxies {
    private static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

    private final List<Range> ranges;
    private final List<String> entries;

    private TrustedProxies(List<Range> ranges, List<String> entries) {
        this.ranges = ranges;
        this.entries = entries;
    }

    /** No proxy is trusted: every client is its TCP peer. */
    public static TrustedProxies none() {
        return NONE;
    }

    /** Reads the entries; throws {@link IllegalArgumentException} naming the first that is not an address or range. */
    public static TrustedProxies parse(List<String> entries) {
        List<Range> ranges = new ArrayList<>(entries.size());
        for (String entry : entries) {
            ranges.add(Range.parse(entry.trim()));
        }
        return new TrustedProxies(List.copyOf(ranges), List.copyOf(entries));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address} is one of the proxies (false for null). */
    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return entries.toString();
    }

    /** A network: its address bytes (4 or 16) and how many leading bits count. */
    private record Range(byte[] network, int prefix) {
        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            String literal = slash < 0 ? entry : entry.substring(0, slash);
            byte[] address = NetUtil.createByteArrayFromIpAddressString(literal);
            if (address == null || literal.indexOf('%') >= 0) {
                throw new IllegalArgumentException("'" + entry + "' is not an IP address or a CIDR range"
                        + " (such as 10.0.0.0/8 or fd00::/8)");
            }
            int prefix = address.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > address.length * 8) {
                    throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0.."
                            + address.length * 8);
                }
            }
            if (address.length == 16 && isIpv4Mapped(address)) {
                // ::ffff:a.b.c.d is how an IPv4 client looks on an IPv6 socket; Java reports it as IPv4
                address = Arrays.copyOfRange(address, 12, 16);
                prefix = Math.max(0, prefix - 96);
            }
            return new Range(mask(address, prefix), prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int bits = 0xff << (8 - rest) & 0xff;
            return (address[full] & bits) == (network[full] & bits);
        }

        private static byte[] mask(byte[] address, int prefix) {
            byte[] masked = address.clone();
            for (int bit = prefix; bit < masked.length * 8; bit++) {
                masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            }
            return masked;
        }

        private static boolean isIpv4Mapped(byte[] address) {
            for (int i = 0; i < 10; i++) {
                if (address[i] != 0) {
                    return false;
                }
            }
            return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
        }
    }
}
