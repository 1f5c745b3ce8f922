package org.pubsubserver.http.publish;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.xmpp.packet.JID;

/**
 * Publishing over HTTP ({@code POST /pubsub_post/<node>}): the nodes that take signed webhooks ({@code secrets}: by
 * node name, the shared secret of the {@code X-Hub-Signature} HMAC and the JID that publishes), the largest request
 * body taken ({@code maxBody} bytes), and whether a publish to a node that does not exist creates it
 * ({@code autoCreate}, under the service's node-creation policy, for the publishing JID).
 */
public record PublishSettings(Map<String, NodeSecret> secrets, int maxBody, boolean autoCreate) {
    /** The body limit by default: room for an Atom feed of many entries, or one payload of 1 MiB. */
    public static final int DEFAULT_MAX_BODY = 1024 * 1024;
    /** No signed webhooks, the default body limit, no auto-create: publishing with tokens only. */
    public static final PublishSettings DEFAULTS = new PublishSettings(Map.of(), DEFAULT_MAX_BODY, false);

    /** A node's webhook secret and the JID its signed requests publish as (with that JID's rights on the node). */
    public record NodeSecret(String secret, JID jid) {
        public NodeSecret {
            Objects.requireNonNull(jid, "jid");
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("a webhook secret cannot be empty");
            }
        }

        byte[] key() {
            return secret.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "NodeSecret[jid=" + jid + "]"; // never the secret, should settings be logged
        }
    }

    public PublishSettings {
        secrets = Map.copyOf(secrets);
        if (maxBody < 1) {
            throw new IllegalArgumentException("the publish body limit is at least 1 byte");
        }
    }
}
