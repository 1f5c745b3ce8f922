package org.pubsubserver.xmpp.dispatch;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.dom4j.Element;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.xmpp.stanza.StanzaErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;

/**
 * Routes IQ get/set by type and the child element's (namespace, name) and guarantees exactly one reply
 * with the request's id: the handler's answer, its refusal as an error, {@code service-unavailable} for
 * a namespace nobody handles (RFC 6120 §8.4), {@code bad-request} for a known payload with the wrong IQ
 * type, and {@code internal-server-error} when a handler fails.
 *
 * <p>A request that breaks the IQ rules of RFC 6120 is answered {@code bad-request} (§8.3.3.1) and goes to no
 * handler: one without an id (§8.1.3 requires it on every IQ; the error then carries none, as there is none to
 * match), and one whose child elements are not exactly one (§8.2.3). These are stanza errors, not stream errors:
 * the stanza came from one sender through the XMPP server, whose stream to us broke no rule, and a stream error
 * would cut the link for every user.
 */
public final class IqDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(IqDispatcher.class);

    private record Key(IQ.Type type, String namespace, String name) {
    }

    private final Map<Key, IqHandler> handlers = new HashMap<>();
    private final Consumer<IQ> replies;

    /** {@code replies} sends a reply; it is called once per request, from whatever thread completes it. */
    public IqDispatcher(Consumer<IQ> replies) {
        this.replies = replies;
    }

    /** Registers the handler of IQs of {@code type} whose child is {@code <name xmlns='namespace'>}. */
    public IqDispatcher register(IQ.Type type, String namespace, String name, IqHandler handler) {
        if (handlers.putIfAbsent(new Key(type, namespace, name), handler) != null) {
            throw new IllegalStateException("two handlers for " + type + " {" + namespace + "}" + name);
        }
        return this;
    }

    public void dispatch(IQ request) {
        if (request.getType() != IQ.Type.get && request.getType() != IQ.Type.set) {
            return;
        }
        String id = request.getID();
        int children = request.getElement().elements().size();
        Element child = request.getChildElement();
        if (id == null || id.isEmpty() || children != 1 || child == null) {
            LOG.debug("Refused IQ {} from {}: {}", id, request.getFrom(), id == null || id.isEmpty() ? "no id"
                    : children + " child elements, not one in a namespace of its own");
            replies.accept(StanzaErrors.reply(request, StanzaCondition.BAD_REQUEST));
            return;
        }
        IqHandler handler = handlers.get(new Key(request.getType(), child.getNamespaceURI(), child.getName()));
        if (handler == null) {
            IQ.Type other = request.getType() == IQ.Type.get ? IQ.Type.set : IQ.Type.get;
            boolean otherType = handlers.containsKey(new Key(other, child.getNamespaceURI(), child.getName()));
            replies.accept(StanzaErrors.reply(request,
                    otherType ? StanzaCondition.BAD_REQUEST : StanzaCondition.SERVICE_UNAVAILABLE));
            return;
        }
        CompletionStage<IQ> answer;
        try {
            answer = handler.handle(request);
        } catch (RuntimeException e) {
            replies.accept(failure(request, e));
            return;
        }
        answer.whenComplete((reply, error) -> {
            if (error != null || reply != null) {
                replies.accept(error == null ? reply : failure(request, error));
            } // null: the handler sent its reply itself, after stanzas that had to come first (see IqHandler)
        });
    }

    private static IQ failure(IQ request, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        try {
            if (cause instanceof PubSubException refusal) {
                LOG.debug("Refused IQ {} from {}: {}", request.getID(), request.getFrom(), refusal.getMessage());
                return StanzaErrors.reply(request, refusal);
            }
            LOG.error("Failed to answer IQ {} from {}: {}", request.getID(), request.getFrom(), request.toXML(), cause);
        } catch (RuntimeException e) {
            LOG.error("Failed to build the error reply to IQ {} from {}", request.getID(), request.getFrom(), e);
        }
        return StanzaErrors.reply(request, StanzaCondition.INTERNAL_SERVER_ERROR);
    }
}
