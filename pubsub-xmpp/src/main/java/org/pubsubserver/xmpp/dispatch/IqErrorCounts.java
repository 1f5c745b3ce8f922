package org.pubsubserver.xmpp.dispatch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.dom4j.Element;
import org.pubsubserver.core.error.StanzaCondition;
import org.xmpp.packet.IQ;

/**
 * The IQ errors this service answered, by their defined condition (RFC 6120 §8.3.3: {@code item-not-found},
 * {@code forbidden}, ...), for the operators' metrics. The conditions are those the service answers with
 * ({@link StanzaCondition}), counted from the replies as they leave; a reply with none of them counts as
 * {@value #OTHER}.
 */
public final class IqErrorCounts {
    public static final String OTHER = "other";
    private static final String STANZAS_NAMESPACE = "urn:ietf:params:xml:ns:xmpp-stanzas";

    private final Map<String, LongAdder> byCondition;

    public IqErrorCounts() {
        Map<String, LongAdder> counts = new LinkedHashMap<>();
        for (StanzaCondition condition : StanzaCondition.values()) {
            counts.putIfAbsent(condition.elementName(), new LongAdder());
        }
        counts.put(OTHER, new LongAdder());
        byCondition = Collections.unmodifiableMap(counts);
    }

    /** Counts {@code reply} if it is an error. */
    public void count(IQ reply) {
        if (reply.getType() != IQ.Type.error) {
            return;
        }
        byCondition.getOrDefault(condition(reply), byCondition.get(OTHER)).increment();
    }

    private static String condition(IQ reply) {
        Element error = reply.getElement().element("error");
        if (error != null) {
            for (Element child : error.elements()) {
                if (STANZAS_NAMESPACE.equals(child.getNamespaceURI()) && !"text".equals(child.getName())) {
                    return child.getName();
                }
            }
        }
        return OTHER;
    }

    /** The condition names counted, {@value #OTHER} last. */
    public Set<String> conditions() {
        return byCondition.keySet();
    }

    /** How many errors with this condition were answered so far. */
    public long count(String condition) {
        LongAdder count = byCondition.get(condition);
        return count == null ? 0 : count.sum();
    }
}
