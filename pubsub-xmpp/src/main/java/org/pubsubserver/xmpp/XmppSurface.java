package org.pubsubserver.xmpp;

import java.util.ArrayList;
import java.util.List;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.xmpp.disco.DiscoInfoHandler;
import org.pubsubserver.xmpp.disco.DiscoItemsHandler;
import org.pubsubserver.xmpp.disco.ServiceFeatures;
import org.pubsubserver.xmpp.dispatch.IqDispatcher;
import org.pubsubserver.xmpp.dispatch.StanzaRouter;
import org.pubsubserver.xmpp.notify.EventNotifier;
import org.pubsubserver.xmpp.pubsub.CreateNodeAction;
import org.pubsubserver.xmpp.pubsub.DeleteNodeAction;
import org.pubsubserver.xmpp.pubsub.PubSubAction;
import org.pubsubserver.xmpp.pubsub.PubSubRequestHandler;
import org.pubsubserver.xmpp.pubsub.PublishAction;
import org.pubsubserver.xmpp.pubsub.RetrieveItemsAction;
import org.pubsubserver.xmpp.pubsub.SubscribeAction;
import org.pubsubserver.xmpp.pubsub.UnsubscribeAction;
import org.pubsubserver.xmpp.service.PingHandler;
import org.pubsubserver.xmpp.service.VersionHandler;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.pubsubserver.xmpp.stanza.StanzaOutput;
import org.xmpp.packet.JID;

/**
 * Everything the component answers, assembled in one place: the IQ routes, the pubsub actions (whose
 * features make up disco#info), and the notifier. Independent of the link, so it can be driven in tests.
 */
public final class XmppSurface {
    private final StanzaRouter router;
    private final EventNotifier notifier;
    private final PubSubEngine engine;

    public XmppSurface(JID serviceJid, String softwareName, String version, PubSubEngine engine, StanzaOutput output) {
        this.engine = engine;
        List<PubSubAction> subscriberActions = List.of(new CreateNodeAction(engine), new PublishAction(engine),
                new RetrieveItemsAction(engine), new SubscribeAction(engine), new UnsubscribeAction(engine));
        List<PubSubAction> ownerActions = List.of(new DeleteNodeAction(engine));
        List<PubSubAction> all = new ArrayList<>(subscriberActions);
        all.addAll(ownerActions);

        IqDispatcher dispatcher = new IqDispatcher(iq -> output.send(iq.toXML()))
                .register(Namespaces.PUBSUB, "pubsub", new PubSubRequestHandler(subscriberActions))
                .register(Namespaces.PUBSUB_OWNER, "pubsub", new PubSubRequestHandler(ownerActions))
                .register(Namespaces.DISCO_INFO, "query",
                        new DiscoInfoHandler(softwareName, ServiceFeatures.of(all), engine))
                .register(Namespaces.DISCO_ITEMS, "query", new DiscoItemsHandler(engine))
                .register(Namespaces.PING, "ping", new PingHandler())
                .register(Namespaces.VERSION, "query", new VersionHandler(softwareName, version));
        this.router = new StanzaRouter(dispatcher);
        this.notifier = new EventNotifier(serviceJid, output);
    }

    /** Where inbound stanzas go. */
    public StanzaRouter router() {
        return router;
    }

    /** Starts sending notifications for committed events. */
    public void start() {
        engine.events().register(notifier);
    }

    public void stop() {
        engine.events().unregister(notifier);
    }
}
