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
import org.pubsubserver.xmpp.adhoc.PendingSubscriptionsCommand;
import org.pubsubserver.xmpp.adhoc.StreamTokenCommand;
import org.pubsubserver.xmpp.approval.DecideSubscriptionHandler;
import org.pubsubserver.core.archive.ArchiveIds;
import org.pubsubserver.xmpp.disco.DiscoInfoHandler;
import org.pubsubserver.xmpp.mam.ArchiveFormHandler;
import org.pubsubserver.xmpp.mam.ArchiveMetadataHandler;
import org.pubsubserver.xmpp.mam.ArchiveQueryHandler;
import org.pubsubserver.xmpp.disco.DiscoItemsHandler;
import org.pubsubserver.xmpp.disco.ServiceFeatures;
import org.pubsubserver.xmpp.dispatch.IqDispatcher;
import org.pubsubserver.xmpp.dispatch.IqErrorCounts;
import org.pubsubserver.xmpp.dispatch.StanzaRouter;
import org.pubsubserver.xmpp.notify.EventNotifier;
import org.pubsubserver.xmpp.presence.PresenceReactions;
import org.pubsubserver.xmpp.privilege.PrivilegedRosters;
import org.pubsubserver.xmpp.pubsub.AssociateNodeAction;
import org.pubsubserver.xmpp.pubsub.ConfigureNodeAction;
import org.pubsubserver.xmpp.pubsub.ConfigureSubscriptionAction;
import org.pubsubserver.xmpp.pubsub.RetrieveAffiliationsAction;
import org.pubsubserver.xmpp.pubsub.CreateNodeAction;
import org.pubsubserver.xmpp.pubsub.DefaultSubscriptionOptionsAction;
import org.pubsubserver.xmpp.pubsub.DefaultNodeConfigAction;
import org.pubsubserver.xmpp.pubsub.DeleteNodeAction;
import org.pubsubserver.xmpp.pubsub.PurgeNodeAction;
import org.pubsubserver.xmpp.pubsub.ManageAffiliationsAction;
import org.pubsubserver.xmpp.pubsub.ManageSubscriptionsAction;
import org.pubsubserver.xmpp.pubsub.PubSubAction;
import org.pubsubserver.xmpp.pubsub.PubSubRequestHandler;
import org.pubsubserver.xmpp.pubsub.PublishAction;
import org.pubsubserver.xmpp.pubsub.RetractItemsAction;
import org.pubsubserver.xmpp.pubsub.RetrieveItemsAction;
import org.pubsubserver.xmpp.pubsub.SubscribeAction;
import org.pubsubserver.xmpp.pubsub.RetrieveSubscriptionsAction;
import org.pubsubserver.xmpp.pubsub.UnsubscribeAction;
import org.pubsubserver.xmpp.service.PingHandler;
import org.pubsubserver.xmpp.service.VersionHandler;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.pubsubserver.xmpp.stanza.StanzaOutput;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/**
 * Everything the component answers, as a table of routes: the IQ routes, the pubsub actions (whose features make up
 * disco#info), messages (XEP-0356 privileges, owners' answers to subscription requests), presence (to
 * {@link PresenceReactions}) and the answers to the component's own requests. Independent of the link, so it can be
 * driven in tests; notifications are not sent from here (the server registers the notifier on the event bus).
 */
public final class XmppSurface {
    /** XEP-0060 §8.7, through the XEP-0050 command. */
    private static final String GET_PENDING_FEATURE = "get-pending";
    /** §4.5: offered only while the XMPP server lets the component read rosters (XEP-0356). */
    private static final List<String> ROSTER_FEATURES = List.of(Namespaces.PUBSUB + "#access-presence",
            Namespaces.PUBSUB + "#access-roster");

    private final StanzaRouter router;
    private final IqErrorCounts iqErrors = new IqErrorCounts();

    /**
     * {@code output}: where replies go (the link). {@code rosters}: owners' rosters read through XEP-0356, for the
     * presence and roster access models; the same object the engine was given. {@code presence}: what presence
     * changes set off. {@code tokens}: issues the tokens for the web streams. {@code archiveIds}: the ids of the
     * nodes' archived items (XEP-0442).
     */
    public XmppSurface(JID serviceJid, String softwareName, String version, PubSubEngine engine, StanzaOutput output,
                       PrivilegedRosters rosters, PresenceReactions presence, StreamTokens tokens, ArchiveIds archiveIds) {
        List<PubSubAction> actions = actions(engine);
        Consumer<IQ> replies = iq -> {
            iqErrors.count(iq);
            output.send(iq.toXML());
        };
        List<String> archiveFeatures = engine.keepsArchives() ? List.of(Namespaces.MAM, Namespaces.MAM_EXTENDED) : List.of();
        IqDispatcher dispatcher = new IqDispatcher(replies)
                .register(IQ.Type.get, Namespaces.DISCO_INFO, "query",
                        new DiscoInfoHandler(softwareName,
                                ServiceFeatures.of(actions, List.of(DiscoInfoHandler.META_DATA_FEATURE, DiscoInfoHandler.COLLECTIONS_FEATURE,
                                        EventNotifier.PRESENCE_FEATURE, EventNotifier.SUBSCRIPTION_FEATURE, GET_PENDING_FEATURE),
                                        archiveFeatures),
                                () -> rosters.available() ? ROSTER_FEATURES : List.of(), engine))
                .register(IQ.Type.get, Namespaces.DISCO_ITEMS, "query", new DiscoItemsHandler(serviceJid, engine))
                .register(IQ.Type.get, Namespaces.PING, "ping", new PingHandler())
                .register(IQ.Type.get, Namespaces.VERSION, "query", new VersionHandler(softwareName, version))
                .register(IQ.Type.set, AdHocCommands.NAMESPACE, "command", new CommandRouter(Map.of(
                        AdHocCommands.GET_PENDING, new PendingSubscriptionsCommand(engine),
                        StreamTokenCommand.NODE, new StreamTokenCommand(tokens),
                        StreamTokenCommand.PUBLISH_NODE, new StreamTokenCommand(tokens, StreamTokens.Scope.PUBLISH))))
                .register(IQ.Type.set, PrivilegedRosters.ROSTER, "query", rosters)
                .register(IQ.Type.set, Namespaces.MAM, "query", new ArchiveQueryHandler(serviceJid, engine, archiveIds, output))
                .register(IQ.Type.get, Namespaces.MAM, "query", new ArchiveFormHandler())
                .register(IQ.Type.get, Namespaces.MAM, "metadata", new ArchiveMetadataHandler(engine, archiveIds));
        actions.stream().collect(Collectors.groupingBy(PubSubAction::namespace)).forEach((namespace, group) -> {
            PubSubRequestHandler handler = new PubSubRequestHandler(group);
            dispatcher.register(IQ.Type.get, namespace, "pubsub", handler)
                    .register(IQ.Type.set, namespace, "pubsub", handler);
        });
        DecideSubscriptionHandler answers = new DecideSubscriptionHandler(engine, output);
        this.router = new StanzaRouter(dispatcher, replies, presence::onPresence,
                message -> rosters.onMessage(message) || answers.handle(message), rosters::onIqResponse);
    }

    /** The XEP-0060 use cases, each parsing its request for the engine. */
    private static List<PubSubAction> actions(PubSubEngine engine) {
        return List.of(new CreateNodeAction(engine), new PublishAction(engine),
                new RetrieveItemsAction(engine), new SubscribeAction(engine), new UnsubscribeAction(engine),
                new RetractItemsAction(engine), new RetrieveSubscriptionsAction(engine), new RetrieveAffiliationsAction(engine),
                new ConfigureSubscriptionAction(engine, IQ.Type.get), new ConfigureSubscriptionAction(engine, IQ.Type.set),
                new DefaultSubscriptionOptionsAction(engine),
                new DeleteNodeAction(engine), new ConfigureNodeAction(engine, IQ.Type.get),
                new ConfigureNodeAction(engine, IQ.Type.set),
                new DefaultNodeConfigAction(NodeConfig.defaults()), new PurgeNodeAction(engine),
                new ManageSubscriptionsAction(engine, IQ.Type.get), new ManageSubscriptionsAction(engine, IQ.Type.set),
                new ManageAffiliationsAction(engine, IQ.Type.get), new ManageAffiliationsAction(engine, IQ.Type.set),
                new AssociateNodeAction(engine));
    }

    /** The IQ errors answered so far, by condition. */
    public IqErrorCounts iqErrors() {
        return iqErrors;
    }

    /** Where inbound stanzas go: the handler the link is started with. */
    public StanzaRouter router() {
        return router;
    }
}
