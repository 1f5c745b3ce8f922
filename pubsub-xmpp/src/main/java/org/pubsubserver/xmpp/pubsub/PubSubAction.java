package org.pubsubserver.xmpp.pubsub;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.xmpp.packet.IQ;

/**
 * One XEP-0060 use case as it appears on the wire: the action element it answers inside
 * {@code <pubsub/>}, the IQ type, and the {@code pubsub#} features it makes true (so disco#info lists
 * exactly what is registered).
 */
public interface PubSubAction {
    /** {@link org.pubsubserver.xmpp.stanza.Namespaces#PUBSUB} or {@code PUBSUB_OWNER}. */
    String namespace();

    /** The action element's name, e.g. {@code publish}. */
    String element();

    IQ.Type type();

    /** Feature names without the {@code http://jabber.org/protocol/pubsub#} prefix. */
    Set<String> features();

    /** Handles the request; {@code action} is the action element. Must not block. */
    CompletionStage<IQ> handle(IQ request, Element action);
}
