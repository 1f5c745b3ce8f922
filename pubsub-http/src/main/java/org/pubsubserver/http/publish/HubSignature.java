package org.pubsubserver.http.publish;

import io.netty.handler.codec.http.HttpHeaders;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature of {@code mod_pubsub_post} (and GitHub, Gitea, WebSub): an HMAC of the raw body under the
 * node's shared secret, in hex, sent as {@code X-Hub-Signature-256: sha256=<hex>} or
 * {@code X-Hub-Signature: <algorithm>=<hex>} (sha1, sha256, sha384 or sha512). Where both are sent (GitHub sends
 * both), the SHA-256 one decides. Compared in constant time.
 */
final class HubSignature {
    static final String HEADER = "X-Hub-Signature";
    static final String HEADER_256 = "X-Hub-Signature-256";

    private static final Map<String, String> ALGORITHMS = Map.of(
            "sha1", "HmacSHA1", "sha256", "HmacSHA256", "sha384", "HmacSHA384", "sha512", "HmacSHA512");

    private HubSignature() {
    }

    /** Whether the request carries a signature header at all. */
    static boolean present(HttpHeaders headers) {
        return headers.contains(HEADER_256) || headers.contains(HEADER);
    }

    /** Whether the request's signature is the body's HMAC under {@code key}. */
    static boolean verifies(byte[] key, byte[] body, HttpHeaders headers) {
        String signature = headers.get(HEADER_256);
        if (signature != null) {
            return signature.regionMatches(true, 0, "sha256=", 0, 7) && matches("sha256", signature.substring(7), key, body);
        }
        signature = headers.get(HEADER);
        if (signature == null) {
            return false;
        }
        int equals = signature.indexOf('=');
        return equals > 0 && matches(signature.substring(0, equals).toLowerCase(Locale.ROOT),
                signature.substring(equals + 1), key, body);
    }

    private static boolean matches(String algorithm, String hex, byte[] key, byte[] body) {
        String mac = ALGORITHMS.get(algorithm);
        if (mac == null) {
            return false;
        }
        byte[] sent;
        try {
            sent = HexFormat.of().parseHex(hex.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(mac, key, body), sent);
    }

    static byte[] hmac(String algorithm, byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
