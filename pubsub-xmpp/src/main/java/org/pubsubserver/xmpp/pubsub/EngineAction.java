package org.pubsubserver.xmpp.pubsub;

import java.util.Set;
import org.pubsubserver.core.engine.PubSubEngine;
import org.xmpp.packet.IQ;

/** A {@link PubSubAction} that hands its request to the engine; holds what the action declares. */
abstract class EngineAction implements PubSubAction {
    protected final PubSubEngine engine;
    private final String namespace;
    private final String element;
    private final IQ.Type type;
    private final Set<String> features;

    EngineAction(PubSubEngine engine, String namespace, String element, IQ.Type type, Set<String> features) {
        this.engine = engine;
        this.namespace = namespace;
        this.element = element;
        this.type = type;
        this.features = Set.copyOf(features);
    }

    @Override
    public final String namespace() {
        return namespace;
    }

    @Override
    public final String element() {
        return element;
    }

    @Override
    public final IQ.Type type() {
        return type;
    }

    @Override
    public final Set<String> features() {
        return features;
    }
}
