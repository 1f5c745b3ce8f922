package org.pubsubserver.http.publish;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import org.pubsubserver.core.access.StreamTokens;
import org.xmpp.packet.JID;

/**
 * Who publishes a request, as a JID whose affiliation and the node's publish model then decide as over XMPP:
 * the JID of an {@code Authorization: Bearer} token with the publish scope (RFC 6750), else, for a node configured
 * with a webhook secret, that node's JID when the request is signed with the secret ({@link HubSignature}).
 * A request with neither, a wrong or expired token, or a missing or wrong signature is 401; a token that may only
 * read is 403.
 */
final class PublishCredentials {
    private static final String BEARER = "Bearer ";
    private static final String CHALLENGE = "Bearer realm=\"pubsub\"";

    private final StreamTokens tokens;
    private final Map<String, PublishSettings.NodeSecret> secrets;

    PublishCredentials(StreamTokens tokens, Map<String, PublishSettings.NodeSecret> secrets) {
        this.tokens = tokens;
        this.secrets = Map.copyOf(secrets);
    }

    JID publisher(String node, HttpHeaders headers, byte[] body) {
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null) {
            return tokenHolder(authorization);
        }
        PublishSettings.NodeSecret secret = secrets.get(node);
        if (secret != null) {
            if (!HubSignature.verifies(secret.key(), body, headers)) {
                throw unauthorized(HubSignature.present(headers)
                        ? "the X-Hub-Signature does not match the body under this node's secret"
                        : "this node takes requests signed with its secret (X-Hub-Signature-256) or a token", CHALLENGE);
            }
            return secret.jid();
        }
        throw unauthorized("publishing needs a token (Authorization: Bearer ...) from the ad-hoc command "
                + "urn:pubsubserver:publish-token", CHALLENGE);
    }

    /**
     * Whether a request's head carries credentials that may publish to {@code node}: a token with the publish scope,
     * or a signature for a node that takes signed webhooks (the signature itself is checked with the body). Only
     * such requests have their large bodies gathered: anyone else's body is refused before it is read.
     */
    boolean mayPublish(String node, HttpHeaders headers) {
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null) {
            return authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                    && tokens.read(authorization.substring(BEARER.length()).strip())
                    .map(token -> token.scope().covers(StreamTokens.Scope.PUBLISH)).orElse(false);
        }
        return secrets.containsKey(node) && HubSignature.present(headers);
    }

    private JID tokenHolder(String authorization) {
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw unauthorized("only Bearer tokens are taken", CHALLENGE);
        }
        StreamTokens.Token token = tokens.read(authorization.substring(BEARER.length()).strip()).orElseThrow(() ->
                unauthorized("the token is not valid or has expired", CHALLENGE + ", error=\"invalid_token\""));
        if (!token.scope().covers(StreamTokens.Scope.PUBLISH)) {
            throw new PublishRefusal(HttpResponseStatus.FORBIDDEN, "insufficient_scope",
                    "this token may only read streams: get one that publishes (urn:pubsubserver:publish-token)",
                    Map.of(HttpHeaderNames.WWW_AUTHENTICATE.toString(), CHALLENGE + ", error=\"insufficient_scope\""));
        }
        return token.jid();
    }

    private static PublishRefusal unauthorized(String message, String challenge) {
        return new PublishRefusal(HttpResponseStatus.UNAUTHORIZED, "not-authorized", message,
                Map.of(HttpHeaderNames.WWW_AUTHENTICATE.toString(), challenge));
    }
}
