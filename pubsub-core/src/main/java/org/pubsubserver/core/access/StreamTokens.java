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
 * Tokens that let a web page read the streams of nodes that are not open as a given (bare) JID: the JID
 * and an expiry, signed with HMAC-SHA256 under the service's key. Issued over XMPP to the JID itself, so
 * whoever holds one acts as that JID until it expires. Format: {@code base64url(jid "|" expiry) "." base64url(mac)}.
 */
public final class StreamTokens {
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration lifetime;

    public StreamTokens(byte[] key, Clock clock, Duration lifetime) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a token key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** What a token says: the bare JID it stands for and until when. */
    public record Token(String value, JID jid, Instant expires) {
    }

    public Token issue(JID jid) {
        Instant expires = clock.instant().plus(lifetime);
        String claims = jid.toBareJID() + "|" + expires.getEpochSecond();
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return new Token(body + "." + sign(body), jid.asBareJID(), expires);
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
            int bar = claims.lastIndexOf('|');
            Instant expires = Instant.ofEpochSecond(Long.parseLong(claims.substring(bar + 1)));
            if (expires.isBefore(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(new Token(token, new JID(claims.substring(0, bar)), expires));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private String sign(String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
