package org.pubsubserver.http.connection;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The addresses that proxies wrote into a request, in the order they were added (the client's side first):
 * {@code X-Forwarded-For}, or where a request has none, the {@code for=} parameters of {@code Forwarded}
 * (RFC 7239 §4, §5.2). One header is read, not both: a proxy adds to the one it manages and passes the other on
 * as the client wrote it. {@code X-Forwarded-For} is what nginx, HAProxy ({@code option forwardfor}) and most
 * load balancers add to; behind a proxy that adds only {@code Forwarded}, have it drop {@code X-Forwarded-For}.
 */
final class ForwardedHeaders {
    static final String X_FORWARDED_FOR = "X-Forwarded-For";
    static final String FORWARDED = "Forwarded";

    private ForwardedHeaders() {
    }

    /**
     * The nodes the headers name, left to right, as written ({@code 192.0.2.43}, {@code [2001:db8::1]:4711},
     * {@code unknown}, ...); empty when there are none. An element of {@code Forwarded} without {@code for=} is
     * an empty string: a hop that did not say whom it served.
     */
    static List<String> nodes(HttpHeaders headers) {
        List<String> forwardedFor = headers.getAll(X_FORWARDED_FOR);
        List<String> nodes = new ArrayList<>();
        if (!forwardedFor.isEmpty()) {
            for (String line : forwardedFor) {
                for (String element : line.split(",")) {
                    if (!element.isBlank()) { // RFC 9110 §5.6.1: empty list elements are ignored
                        nodes.add(element.trim());
                    }
                }
            }
            return nodes;
        }
        for (String line : headers.getAll(FORWARDED)) {
            forwardedElements(line, nodes);
        }
        return nodes;
    }

    /**
     * RFC 7239 §4: {@code Forwarded = 1#forwarded-element}, each element {@code pair *( ";" pair )}, a pair's
     * value a token or a quoted-string (which may hold {@code ,}, {@code ;} and {@code :}).
     */
    private static void forwardedElements(String line, List<String> nodes) {
        String forValue = "";
        StringBuilder pair = new StringBuilder();
        boolean quoted = false;
        boolean empty = true;
        for (int i = 0; i <= line.length(); i++) {
            char c = i < line.length() ? line.charAt(i) : ',';
            if (quoted) {
                if (c == '\\' && i + 1 < line.length()) {
                    pair.append(line.charAt(++i));
                    continue;
                }
                quoted = c != '"';
                if (quoted) {
                    pair.append(c);
                }
                continue;
            }
            if (c == '"') {
                quoted = true;
                empty = false;
            } else if (c == ';' || c == ',') {
                String value = forValue(pair);
                if (value != null) {
                    forValue = value;
                }
                pair.setLength(0);
                if (c == ',') {
                    if (!empty) { // RFC 9110 §5.6.1: empty list elements are ignored
                        nodes.add(forValue);
                    }
                    forValue = "";
                    empty = true;
                }
            } else {
                pair.append(c);
                empty &= c == ' ' || c == '\t';
            }
        }
    }

    /** The value of a {@code for=} pair, or null for another pair. */
    private static String forValue(StringBuilder pair) {
        int equals = pair.indexOf("=");
        if (equals < 0 || !pair.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("for")) {
            return null;
        }
        return pair.substring(equals + 1).trim();
    }

    /**
     * The IP address of a node (RFC 7239 §6: {@code 192.0.2.43}, {@code 192.0.2.43:47011}, {@code [2001:db8::1]},
     * {@code [2001:db8::1]:4711}; X-Forwarded-For also carries IPv6 bare), or null for {@code unknown}, an
     * obfuscated name or anything else. Never asks DNS.
     */
    static InetAddress address(String node) {
        String literal = node;
        if (literal.startsWith("[")) {
            int end = literal.indexOf(']');
            if (end < 0) {
                return null;
            }
            literal = literal.substring(1, end);
        } else if (literal.indexOf(':') >= 0 && literal.indexOf(':') == literal.lastIndexOf(':')) {
            literal = literal.substring(0, literal.indexOf(':')); // IPv4 with a port
        }
        if (literal.indexOf('%') >= 0) {
            return null;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null; // not reached: the length is 4 or 16
        }
    }
}
