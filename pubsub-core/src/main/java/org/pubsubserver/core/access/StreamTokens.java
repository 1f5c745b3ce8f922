package org.pubsubserver.core.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.xmpp.packet.JID;

/**
 * Tokens that let a web page act as a given (bare) JID over HTTP: read the streams of nodes that are not open, and,
 * with the publish scope, publish ({@code POST /pubsub_post/<node>}). A token is the JID, an expiry and its scope,
 * signed with HMAC-SHA256 under the service's key. Issued over XMPP to the JID itself, so whoever holds one acts as
 * that JID until it expires. Format: {@code base64url(jid "|" expiry ["|publish"]) "." base64url(mac)}: a token for
 * reading ends with its expiry (digits), one that may publish with {@code |publish}, so neither reads as the other.
 */
public final class StreamTokens {
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    /** Keyed once; each signature works on a copy (a Mac is not for two threads at once). */
    private final Mac keyed;
    private final Clock clock;
    private final Duration lifetime;

    public StreamTokens(byte[] key, Clock clock, Duration lifetime) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a token key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.keyed = newMac();
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** What a token lets its holder do as its JID: read streams, or read them and publish. */
    public enum Scope {
        READ,
        PUBLISH;

        /** Whether a token of this scope may do what {@code needed} allows. */
        public boolean covers(Scope needed) {
            return this == PUBLISH || needed == READ;
        }
    }

    private static final String PUBLISH_CLAIM = "publish";

    /** What a token says: the bare JID it stands for, until when, and what it may do. */
    public record Token(String value, JID jid, Instant expires, Scope scope) {
    }

    /** A token that reads as {@code jid}'s bare JID. */
    public Token issue(JID jid) {
        return issue(jid, Scope.READ);
    }

    public Token issue(JID jid, Scope scope) {
        Instant expires = clock.instant().plus(lifetime);
        String claims = jid.toBareJID() + "|" + expires.getEpochSecond()
                + (scope == Scope.PUBLISH ? "|" + PUBLISH_CLAIM : "");
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return new Token(body + "." + sign(body), jid.asBareJID(), expires, scope);
    }

    /** The JID of a genuine token that has not expired; empty for anything else. */
    public Optional<JID> verify(String token) {
        return read(token).map(Token::jid);
    }

    /** A genuine token that has not expired, with its JID and expiry; empty for anything else. */
    public Optional<Token> read(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String body = token.substring(0, dot);
        byte[] expected = sign(body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            String claims = new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8);
            Scope scope = Scope.READ;
            if (claims.endsWith("|" + PUBLISH_CLAIM)) {
                scope = Scope.PUBLISH;
                claims = claims.substring(0, claims.length() - PUBLISH_CLAIM.length() - 1);
            }
            int bar = claims.lastIndexOf('|');
            Instant expires = Instant.ofEpochSecond(Long.parseLong(claims.substring(bar + 1)));
            if (expires.isBefore(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(new Token(token, new JID(claims.substring(0, bar)), expires, scope));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private String sign(String body) {
        Mac mac;
        try {
            mac = (Mac) keyed.clone(); // cheaper than looking the algorithm up and keying it for every token
        } catch (CloneNotSupportedException e) {
            mac = newMac();
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
