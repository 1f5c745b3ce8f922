package org.pubsubserver.xmpp;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.xmpp.adhoc.AdHocCommands;
import org.pubsubserver.xmpp.adhoc.CommandRouter;
import org.pubsubserver.xmpp.adhoc.GetPendingCommand;
import org.pubsubserver.xmpp.adhoc.StreamTokenCommand;
import org.pubsubserver.xmpp.approval.AuthorizationAnswers;
import org.pubsubserver.xmpp.disco.DiscoInfoHandler;
import org.pubsubserver.xmpp.disco.DiscoItemsHandler;
import org.pubsubserver.xmpp.disco.ServiceFeatures;
import org.pubsubserver.xmpp.dispatch.IqDispatcher;
import org.pubsubserver.xmpp.dispatch.StanzaRouter;
import org.pubsubserver.xmpp.notify.EventNotifier;
import org.pubsubserver.xmpp.notify.Scheduler;
import org.pubsubserver.xmpp.presence.PresenceTracker;
import org.pubsubserver.xmpp.privilege.PrivilegedRosters;
import org.pubsubserver.xmpp.pubsub.AffiliationsAction;
import org.pubsubserver.xmpp.pubsub.CreateNodeAction;
import org.pubsubserver.xmpp.pubsub.DefaultOptionsAction;
import org.pubsubserver.xmpp.pubsub.DefaultNodeConfigAction;
import org.pubsubserver.xmpp.pubsub.DeleteNodeAction;
import org.pubsubserver.xmpp.pubsub.GetNodeConfigAction;
import org.pubsubserver.xmpp.pubsub.PurgeNodeAction;
import org.pubsubserver.xmpp.pubsub.SubmitNodeConfigAction;
import org.pubsubserver.xmpp.pubsub.GetOptionsAction;
import org.pubsubserver.xmpp.pubsub.ManageAffiliationsAction;
import org.pubsubserver.xmpp.pubsub.ManageSubscriptionsAction;
import org.pubsubserver.xmpp.pubsub.PubSubAction;
import org.pubsubserver.xmpp.pubsub.PubSubRequestHandler;
import org.pubsubserver.xmpp.pubsub.PublishAction;
import org.pubsubserver.xmpp.pubsub.RetractAction;
import org.pubsubserver.xmpp.pubsub.SubmitOptionsAction;
import org.pubsubserver.xmpp.pubsub.RetrieveItemsAction;
import org.pubsubserver.xmpp.pubsub.SubscribeAction;
import org.pubsubserver.xmpp.pubsub.SubscriptionsAction;
import org.pubsubserver.xmpp.pubsub.UnsubscribeAction;
import org.pubsubserver.xmpp.service.PingHandler;
import org.pubsubserver.xmpp.service.VersionHandler;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.pubsubserver.xmpp.stanza.StanzaOutput;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/**
 * Everything the component answers, assembled in one place: the IQ routes, the pubsub actions (whose
 * features make up disco#info), and the notifier. Independent of the link, so it can be driven in tests.
 */
public final class XmppSurface {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(XmppSurface.class);

    private final StanzaRouter router;
    /** XEP-0060 §8.7, through the XEP-0050 command. */
    private static final String GET_PENDING_FEATURE = "get-pending";
    /** §4.5: offered only while the XMPP server lets the component read rosters (XEP-0356). */
    private static final List<String> ROSTER_FEATURES = List.of(Namespaces.PUBSUB + "#access-presence",
            Namespaces.PUBSUB + "#access-roster");

    private final EventNotifier notifier;
    private final PubSubEngine engine;

    /** {@code scheduler} runs delayed work (digests); the I/O event loops in the server. */
    /**
     * {@code rosters}: owners' rosters read through XEP-0356, for the presence and roster access models; the
     * same object the engine was given. {@code tokens}: issues the tokens for the web streams.
     */
    public XmppSurface(JID serviceJid, String softwareName, String version, PubSubEngine engine, StanzaOutput output,
                       Scheduler scheduler, PrivilegedRosters rosters, StreamTokens tokens) {
        rosters.attach(output);
        this.engine = engine;
        List<PubSubAction> actions = List.of(new CreateNodeAction(engine), new PublishAction(engine),
                new RetrieveItemsAction(engine), new SubscribeAction(engine), new UnsubscribeAction(engine),
                new RetractAction(engine), new SubscriptionsAction(engine), new AffiliationsAction(engine),
                new GetOptionsAction(engine), new SubmitOptionsAction(engine), new DefaultOptionsAction(engine),
                new DeleteNodeAction(engine), new GetNodeConfigAction(engine), new SubmitNodeConfigAction(engine),
                new DefaultNodeConfigAction(NodeConfig.defaults()), new PurgeNodeAction(engine),
                new ManageSubscriptionsAction(engine, IQ.Type.get), new ManageSubscriptionsAction(engine, IQ.Type.set),
                new ManageAffiliationsAction(engine, IQ.Type.get), new ManageAffiliationsAction(engine, IQ.Type.set));
        Consumer<IQ> replies = iq -> output.send(iq.toXML());

        IqDispatcher dispatcher = new IqDispatcher(replies)
                .register(IQ.Type.get, Namespaces.DISCO_INFO, "query",
                        new DiscoInfoHandler(softwareName,
                                ServiceFeatures.of(actions, List.of(DiscoInfoHandler.META_DATA_FEATURE,
                                        EventNotifier.PRESENCE_FEATURE, EventNotifier.SUBSCRIPTION_FEATURE, GET_PENDING_FEATURE)),
                                () -> rosters.available() ? ROSTER_FEATURES : List.of(), engine))
                .register(IQ.Type.get, Namespaces.DISCO_ITEMS, "query", new DiscoItemsHandler(serviceJid, engine))
                .register(IQ.Type.get, Namespaces.PING, "ping", new PingHandler())
                .register(IQ.Type.get, Namespaces.VERSION, "query", new VersionHandler(softwareName, version))
                .register(IQ.Type.set, AdHocCommands.NAMESPACE, "command", new CommandRouter(Map.of(
                        AdHocCommands.GET_PENDING, new GetPendingCommand(engine),
                        StreamTokenCommand.NODE, new StreamTokenCommand(tokens))))
                .register(IQ.Type.set, PrivilegedRosters.ROSTER, "query", rosters);
        Map<String, List<PubSubAction>> byNamespace = actions.stream()
                .collect(Collectors.groupingBy(PubSubAction::namespace));
        byNamespace.forEach((namespace, group) -> {
            PubSubRequestHandler handler = new PubSubRequestHandler(group);
            dispatcher.register(IQ.Type.get, namespace, "pubsub", handler)
                    .register(IQ.Type.set, namespace, "pubsub", handler);
        });
        PresenceTracker presence = new PresenceTracker();
        this.notifier = new EventNotifier(serviceJid, output, presence, scheduler);
        AuthorizationAnswers answers = new AuthorizationAnswers(engine, output);
        this.router = new StanzaRouter(dispatcher, replies, stanza -> {
            PresenceTracker.Change change = presence.apply(stanza);
            if (change == PresenceTracker.Change.CAME_ONLINE) {
                JID available = new JID(stanza.attributeValue("from"));
                engine.lastItemsOnPresence(available).whenComplete((due, failure) -> {
                    if (failure != null) {
                        LOG.warn("Could not find the last items due to {} on coming online", available, failure);
                    } else {
                        notifier.sendLastItems(available, due);
                    }
                });
            } else if (change == PresenceTracker.Change.WENT_OFFLINE) {
                // §13.5: temporary subscriptions end when their subscriber goes offline (a resource known as
                // available: unavailable presence from anyone else costs nothing)
                JID offline = new JID(stanza.attributeValue("from"));
                boolean lastResourceGone = !presence.isAvailable(offline.asBareJID());
                engine.endTemporarySubscriptions(offline, lastResourceGone)
                        .exceptionally(failure -> {
                            LOG.warn("Could not end the temporary subscriptions of {}", offline, failure);
                            return 0;
                        });
                if (lastResourceGone) {
                    // purge_offline: the publisher's items go from its nodes that ask for it
                    engine.purgeOfflinePublisher(offline.asBareJID()).exceptionally(failure -> {
                        LOG.warn("Could not purge the items of {}, who went offline", offline.toBareJID(), failure);
                        return 0;
                    });
                }
            }
        }, message -> rosters.onMessage(message) || answers.handle(message), rosters::onIqResponse);
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
