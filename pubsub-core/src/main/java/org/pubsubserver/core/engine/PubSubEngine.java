package org.pubsubserver.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.pubsubserver.core.access.RosterNeeded;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.cluster.Instances;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeAffiliation;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.store.NodeStore;
import org.pubsubserver.core.usecase.AssociateNode;
import org.pubsubserver.core.usecase.CheckReadAccess;
import org.pubsubserver.core.usecase.CollectionLeaves;
import org.pubsubserver.core.usecase.ConfigureNode;
import org.pubsubserver.core.usecase.ConfigureSubscription;
import org.pubsubserver.core.usecase.DecideSubscription;
import org.pubsubserver.core.usecase.ManageAffiliations;
import org.pubsubserver.core.usecase.ManageSubscriptions;
import org.pubsubserver.core.usecase.PendingSubscriptions;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.core.usecase.DeleteNode;
import org.pubsubserver.core.usecase.DescribeNode;
import org.pubsubserver.core.usecase.EndTemporarySubscriptions;
import org.pubsubserver.core.usecase.EngineSettings;
import org.pubsubserver.core.usecase.FindNode;
import org.pubsubserver.core.usecase.LastItemsOnPresence;
import org.pubsubserver.core.usecase.ListNodes;
import org.pubsubserver.core.usecase.OpenStream;
import org.pubsubserver.core.usecase.OpenNodeSummaries;
import org.pubsubserver.core.usecase.OperatorReports;
import org.pubsubserver.core.usecase.PerNodeWork;
import org.pubsubserver.core.usecase.Publish;
import org.pubsubserver.core.usecase.PurgeNode;
import org.pubsubserver.core.usecase.PurgeOffline;
import org.pubsubserver.core.usecase.RetractItems;
import org.pubsubserver.core.usecase.RetrieveAffiliations;
import org.pubsubserver.core.usecase.RetrieveSubscriptions;
import org.pubsubserver.core.usecase.RetrieveItems;
import org.pubsubserver.core.usecase.Subscribe;
import org.pubsubserver.core.usecase.QueryArchive;
import org.pubsubserver.core.usecase.SweepExpiredItems;
import org.pubsubserver.core.usecase.Unsubscribe;
import org.pubsubserver.core.usecase.UseCaseContext;
import org.xmpp.packet.JID;

/**
 * The node engine's entry point: each XEP-0060 use case runs on the lane of its node and completes the
 * returned future there, after its writes are committed. Failures complete the future with a
 * {@link org.pubsubserver.core.error.PubSubException} (a refusal) or another exception (a fault).
 * Events of what a use case committed go to the {@link EventBus} after its future has completed, so the
 * requester's reply is sent before the notifications.
 *
 * <p>A facade: each public method hands one use case (package {@code usecase}) to the lanes. What is here
 * beyond that is scheduling only: which lane, whether in a commit group, the roster rounds, and work that
 * spans nodes ({@link PerNodeWork}: found on the service lane, done on each node's own).
 */
public final class PubSubEngine {
    private static final String SERVICE_LANE_KEY = "";
    /** How many times a request fetches rosters and runs again before it is refused as resource-constraint. */
    private static final int ROSTER_ROUNDS = 2;
    /** How many nodes' tasks work across nodes (a sweep, a publisher gone offline) queues at once. */
    static final int WAVE = 64;

    private final Lanes lanes;
    private final UseCaseContext context;
    private final EventBus events;
    private final Instances instances;
    private final CreateNode createNode;
    private final Publish publish;
    private final RetrieveItems retrieveItems;
    private final Subscribe subscribe;
    private final Unsubscribe unsubscribe;
    private final DeleteNode deleteNode;
    private final RetractItems retractItems;
    private final RetrieveSubscriptions retrieveSubscriptions;
    private final RetrieveAffiliations retrieveAffiliations;
    private final DescribeNode describeNode;
    private final ConfigureSubscription configureSubscription;
    private final LastItemsOnPresence lastItemsOnPresence;
    private final ConfigureNode configureNode;
    private final PurgeNode purgeNode;
    private final ManageSubscriptions manageSubscriptions;
    private final ManageAffiliations manageAffiliations;
    private final DecideSubscription decideSubscription;
    private final PendingSubscriptions pendingSubscriptions;
    private final EndTemporarySubscriptions endTemporarySubscriptions;
    private final PurgeOffline purgeOffline;
    private final OpenStream openStream;
    private final CheckReadAccess checkReadAccess;
    private final SweepExpiredItems sweepExpiredItems;
    private final QueryArchive queryArchive;
    private final FindNode findNode;
    private final ListNodes listNodes;
    private final OpenNodeSummaries openNodeSummaries;
    private final OperatorReports operatorReports;
    private final CollectionLeaves collectionLeaves;
    private final AssociateNode associateNode;
    private final PublishOutcomes publishOutcomes = new PublishOutcomes();

    /** An engine alone on its store. */
    public PubSubEngine(NodeStore store, EventBus events, Clock clock, EngineSettings settings, Lanes lanes) {
        this(store, events, clock, settings, lanes, Instances.ALONE);
    }

    /**
     * {@code events}: where this instance's committed events go (its XMPP notifications, and its SSE streams when it
     * is alone); {@code instances}: the other instances on the same store, which get every event through their
     * transport.
     */
    public PubSubEngine(NodeStore store, EventBus events, Clock clock, EngineSettings settings, Lanes lanes,
                        Instances instances) {
        this.lanes = lanes;
        this.events = events;
        this.instances = instances;
        this.context = new UseCaseContext(store, clock, settings);
        this.createNode = new CreateNode(context);
        this.publish = new Publish(context);
        this.retrieveItems = new RetrieveItems(context);
        this.subscribe = new Subscribe(context);
        this.unsubscribe = new Unsubscribe(context);
        this.deleteNode = new DeleteNode(context);
        this.retractItems = new RetractItems(context);
        this.retrieveSubscriptions = new RetrieveSubscriptions(context);
        this.retrieveAffiliations = new RetrieveAffiliations(context);
        this.describeNode = new DescribeNode(context);
        this.configureSubscription = new ConfigureSubscription(context);
        this.lastItemsOnPresence = new LastItemsOnPresence(context);
        this.configureNode = new ConfigureNode(context);
        this.purgeNode = new PurgeNode(context);
        this.manageSubscriptions = new ManageSubscriptions(context);
        this.manageAffiliations = new ManageAffiliations(context);
        this.decideSubscription = new DecideSubscription(context);
        this.pendingSubscriptions = new PendingSubscriptions(context);
        this.endTemporarySubscriptions = new EndTemporarySubscriptions(context);
        this.purgeOffline = new PurgeOffline(context);
        this.openStream = new OpenStream(context);
        this.checkReadAccess = new CheckReadAccess(context);
        this.sweepExpiredItems = new SweepExpiredItems(context);
        this.queryArchive = new QueryArchive(context);
        this.findNode = new FindNode(context);
        this.listNodes = new ListNodes(context);
        this.openNodeSummaries = new OpenNodeSummaries(context);
        this.operatorReports = new OperatorReports(context);
        this.collectionLeaves = new CollectionLeaves(context);
        this.associateNode = new AssociateNode(context);
    }

    public EventBus events() {
        return events;
    }

    /** The service's clock (what items are stamped with). */
    public Clock clock() {
        return context.clock();
    }

    public CompletableFuture<Node> createNode(CreateNode.Request request) {
        return run(request.node(), sink -> createNode.execute(request, sink));
    }

    public CompletableFuture<Publish.Result> publish(Publish.Request request) {
        return run(request.node(), sink -> publish.execute(request, sink))
                .whenComplete((result, failure) -> publishOutcomes.count(failure));
    }

    /** How this engine's publish requests ended so far. */
    public PublishOutcomes publishOutcomes() {
        return publishOutcomes;
    }

    public CompletableFuture<RetrieveItems.Result> retrieveItems(RetrieveItems.Request request) {
        return run(request.node(), sink -> retrieveItems.execute(request));
    }

    /** A page of a node's archive (XEP-0442), on the node's lane. */
    public CompletableFuture<QueryArchive.Result> queryArchive(QueryArchive.Request request) {
        return run(request.node(), sink -> queryArchive.execute(request));
    }

    /** Whether nodes keep archives at all on this service (XEP-0442). */
    public boolean keepsArchives() {
        return context.settings().archive().enabled();
    }

    /** Whether this node keeps an archive (XEP-0442), by the service's settings and its own. */
    public boolean keepsArchive(Node node) {
        return context.settings().archive().archives(node.config());
    }

    /** The oldest and newest items of a node's archive (XEP-0313 §5), on the node's lane. */
    public CompletableFuture<QueryArchive.Edges> archiveEdges(JID requester, String node) {
        return run(node, sink -> queryArchive.edges(requester, node));
    }

    public CompletableFuture<Node> configureNode(ConfigureNode.Request request) {
        return run(request.node(), sink -> configureNode.execute(request, sink));
    }

    /** XEP-0248 §associate-node, §dissociate: on the child's lane, as it writes the child's parent. */
    public CompletableFuture<Node> associateNode(AssociateNode.Request request) {
        return run(request.child(), sink -> associateNode.execute(request, sink));
    }

    public CompletableFuture<Void> purgeNode(PurgeNode.Request request) {
        return run(request.node(), sink -> purgeNode.execute(request, sink));
    }

    public CompletableFuture<Subscribe.Result> subscribe(Subscribe.Request request) {
        return run(request.node(), sink -> subscribe.execute(request, sink));
    }

    public CompletableFuture<Subscription> unsubscribe(Unsubscribe.Request request) {
        return run(request.node(), sink -> unsubscribe.execute(request, sink));
    }

    public CompletableFuture<Void> deleteNode(DeleteNode.Request request) {
        return run(request.node(), sink -> deleteNode.execute(request, sink));
    }

    public CompletableFuture<Void> retractItems(RetractItems.Request request) {
        return run(request.node(), sink -> retractItems.execute(request, sink));
    }

    public CompletableFuture<List<Subscription>> retrieveSubscriptions(RetrieveSubscriptions.Request request) {
        return run(laneKey(request.node()), sink -> retrieveSubscriptions.execute(request));
    }

    public CompletableFuture<List<NodeAffiliation>> retrieveAffiliations(RetrieveAffiliations.Request request) {
        return run(laneKey(request.node()), sink -> retrieveAffiliations.execute(request));
    }

    public CompletableFuture<ConfigureSubscription.Result> configureSubscription(ConfigureSubscription.Request request) {
        return run(request.node(), sink -> configureSubscription.execute(request));
    }

    public CompletableFuture<ManageSubscriptions.Result> manageSubscriptions(ManageSubscriptions.Request request) {
        return run(request.node(), sink -> manageSubscriptions.execute(request, sink));
    }

    public CompletableFuture<ManageAffiliations.Result> manageAffiliations(ManageAffiliations.Request request) {
        return run(request.node(), sink -> manageAffiliations.execute(request, sink));
    }

    public CompletableFuture<Subscription> decideSubscription(DecideSubscription.Request request) {
        return run(request.node(), sink -> decideSubscription.execute(request, sink));
    }

    /** §8.7.2: the nodes with subscription requests the requester may approve. */
    public CompletableFuture<List<String>> nodesWithPendingSubscriptions(JID requester) {
        return run(SERVICE_LANE_KEY, sink -> pendingSubscriptions.nodesWithPending(requester));
    }

    /** §8.7.4: asks the requester again about each pending subscription of the node; completes with how many. */
    public CompletableFuture<Integer> resendPendingSubscriptions(PendingSubscriptions.Request request) {
        return run(request.node(), sink -> pendingSubscriptions.resend(request, sink));
    }

    /**
     * §13.5: {@code offline} sent unavailable presence ({@code lastResourceGone}: its bare JID has no available
     * resource left); its temporary subscriptions end, each on its node's lane. Completes with how many.
     */
    public CompletableFuture<Integer> endTemporarySubscriptions(JID offline, boolean lastResourceGone) {
        return acrossNodes(endTemporarySubscriptions.forOffline(offline, lastResourceGone));
    }

    /**
     * purge_offline: {@code offline}'s last resource left; its items go from its nodes that ask for it, each on
     * the node's lane. Completes with how many items were removed.
     */
    public CompletableFuture<Integer> purgeOfflinePublisher(JID offline) {
        return acrossNodes(purgeOffline.forOffline(offline));
    }

    /**
     * Opens a stream of the node's items (SSE): {@code onLane} gets what to send first, on the node's lane,
     * before any later event of the node is told to listeners.
     */
    public CompletableFuture<OpenStream.Outcome> openStream(OpenStream.Request request, Consumer<OpenStream.Start> onLane) {
        // alone, not grouped: what it sends to the stream from the lane must not run ahead of a commit
        return run(request.node(), sink -> openStream.execute(request, onLane), false);
    }

    /**
     * XEP-0248: the leaves below the collection that {@code reader} (null: anonymous) may read, for its stream (see
     * {@link OpenStream.Outcome#COLLECTION}); at most {@link CollectionLeaves#MAX_LEAVES}.
     */
    public CompletableFuture<List<String>> readableLeavesBelow(String collection, JID reader) {
        return run(collection, sink -> collectionLeaves.readableBy(collection, reader));
    }

    /**
     * Whether {@code reader} (null: anonymous) may read the node's items, as item retrieval would allow;
     * empty when there is no such node.
     */
    public CompletableFuture<Optional<Boolean>> mayRead(String node, JID reader) {
        return run(node, sink -> checkReadAccess.execute(node, reader));
    }

    /**
     * Removes expired items (item_expire) from every node that has an expiry, and trims every node's archive to its
     * retention, each on its own lane, so items go even from nodes nobody touches; completes with the number of nodes
     * whose items expire. Where instances share the store, only on the instance that holds the sweep's claim (taken or renewed here for twice {@code every}, how often the caller sweeps: another instance
     * takes it over when this one stops sweeping).
     */
    public CompletableFuture<Integer> sweepExpiredItems(Duration every) {
        return acrossNodes(sweepExpiredItems.claimed(instances.claims(), every.multipliedBy(2)));
    }

    /**
     * Runs the work's {@link PerNodeWork#nodes} on the service lane, then {@link PerNodeWork#onNode} on each
     * node's own lane (writes to a node happen only there), and completes with the sum of what they return.
     */
    private CompletableFuture<Integer> acrossNodes(PerNodeWork work) {
        return run(SERVICE_LANE_KEY, sink -> work.nodes()).thenCompose(nodes -> inWaves(work, nodes, 0, 0, null));
    }

    /**
     * The nodes from {@code from} on, {@value #WAVE} at a time: a wave's tasks are queued once the one before has
     * finished, so that work across a store of many nodes never fills the lanes' queues (it would be refused as
     * resource-constraint, and crowd out the requests of users). Every node is acted on even when one fails; the
     * future then fails with the first failure.
     */
    private CompletableFuture<Integer> inWaves(PerNodeWork work, List<String> nodes, int from, int doneSoFar,
                                               Throwable firstFailure) {
        if (from >= nodes.size()) {
            return firstFailure == null ? CompletableFuture.completedFuture(doneSoFar)
                    : CompletableFuture.failedFuture(firstFailure);
        }
        int to = Math.min(nodes.size(), from + WAVE);
        List<CompletableFuture<Integer>> wave = nodes.subList(from, to).stream()
                .map(node -> run(node, sink -> work.onNode(node, sink)))
                .toList();
        return CompletableFuture.allOf(wave.toArray(CompletableFuture[]::new)).handle((all, failed) -> failed)
                .thenCompose(failed -> {
                    int done = doneSoFar;
                    for (CompletableFuture<Integer> task : wave) {
                        done += task.isCompletedExceptionally() ? 0 : task.join();
                    }
                    return inWaves(work, nodes, to, done, firstFailure != null ? firstFailure : failed);
                });
    }

    /** The last items due to a subscriber that has just come online (on_sub_and_presence). */
    public CompletableFuture<List<LastItemsOnPresence.Due>> lastItemsOnPresence(JID available) {
        return run(SERVICE_LANE_KEY, sink -> lastItemsOnPresence.execute(available));
    }

    public CompletableFuture<DescribeNode.Description> describeNode(String node) {
        return run(node, sink -> describeNode.execute(node));
    }

    /** Requests about one node run on its lane; service-wide reads on a fixed one. */
    private static String laneKey(String node) {
        return node == null ? SERVICE_LANE_KEY : node;
    }

    /**
     * Runs a use case on the node's lane with its own event sink, flushed after the future completed. A use
     * case whose access check needs owners' rosters not yet read ({@link RosterNeeded}) runs again once they
     * have been fetched, away from the lane, so no lane waits on the network.
     */
    private <T> CompletableFuture<T> run(String key, Function<EventSink, T> work) {
        return run(key, work, true);
    }

    /** {@code grouped}: the work's only effects before it completes are store calls (see {@link Lanes}). */
    private <T> CompletableFuture<T> run(String key, Function<EventSink, T> work, boolean grouped) {
        return attempt(key, work, grouped).exceptionallyCompose(failure -> withRosters(key, work, grouped, failure,
                ROSTER_ROUNDS));
    }

    /**
     * Where the work needs rosters ({@link RosterNeeded}): fetches them and runs it again, now allowed to refuse
     * on them; at most {@code rounds} times (a roster push may drop one before the work runs again).
     */
    private <T> CompletableFuture<T> withRosters(String key, Function<EventSink, T> work, boolean grouped,
                                                 Throwable failure, int rounds) {
        if (!(unwrap(failure) instanceof RosterNeeded needed)) {
            return CompletableFuture.failedFuture(failure);
        }
        if (rounds == 0) {
            return CompletableFuture.failedFuture(PubSubException.of(StanzaCondition.RESOURCE_CONSTRAINT,
                    "the owners' rosters could not be read; try again"));
        }
        Function<EventSink, T> onRostersReadForIt = sink -> context.access().withRostersReadForThisRequest(
                () -> work.apply(sink));
        return context.settings().rosters().fetch(needed.owners())
                .thenCompose(fetched -> attempt(key, onRostersReadForIt, grouped))
                .exceptionallyCompose(again -> withRosters(key, work, grouped, again, rounds - 1));
    }

    private <T> CompletableFuture<T> attempt(String key, Function<EventSink, T> work, boolean grouped) {
        DeferredEvents sink = new DeferredEvents(events, instances.transport());
        return grouped ? lanes.submitGrouped(key, () -> work.apply(sink), sink::flush)
                : lanes.submit(key, () -> work.apply(sink), sink::flush);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** The node as stored, without access checks (for the surfaces' own checks and forms). */
    public CompletableFuture<Optional<Node>> findNode(String name) {
        return read(name, () -> findNode.execute(name));
    }

    /** The names of the nodes anyone may read (access model open), sorted, at most {@code atMost}. */
    public CompletableFuture<List<String>> openNodeNames(int atMost) {
        return read(SERVICE_LANE_KEY, () -> listNodes.open(atMost));
    }

    /** The nodes anyone may read with their title, description, type and item count, sorted, at most {@code atMost}. */
    public CompletableFuture<List<OpenNodeSummaries.Summary>> openNodeSummaries(int atMost) {
        return read(SERVICE_LANE_KEY, () -> openNodeSummaries.list(atMost));
    }

    public CompletableFuture<List<String>> nodeNames() {
        return read(SERVICE_LANE_KEY, listNodes::all);
    }

    /** XEP-0248 §root: the nodes directly below the root (all of them where there are no collections), sorted. */
    public CompletableFuture<List<String>> topLevelNodeNames() {
        return read(SERVICE_LANE_KEY, listNodes::topLevel);
    }

    /** XEP-0248 §disco-nodes: a node with the names of its children, sorted (a leaf has none). */
    public CompletableFuture<ListNodes.Children> childNodes(String node) {
        return read(node, () -> listNodes.children(node));
    }

    /** For the operator: every node with its owners, item and subscription counts, sorted by name. */
    public CompletableFuture<List<OperatorReports.NodeSummary>> nodeSummaries() {
        return read(SERVICE_LANE_KEY, operatorReports::summaries);
    }

    /** For the operator: the node in full, with at most {@code maxItems} of its newest items. */
    public CompletableFuture<Optional<OperatorReports.NodeDetails>> nodeDetails(String node, int maxItems) {
        return read(node, () -> operatorReports.details(node, maxItems));
    }

    /**
     * For the operator: removes the node's items published before {@code cutoff} (untold, as item expiry); empty when
     * there is no such node, else how many were removed.
     */
    public CompletableFuture<Optional<Integer>> removeItemsPublishedBefore(String node, Instant cutoff) {
        return run(node, sink -> operatorReports.removeItemsPublishedBefore(node, cutoff));
    }

    /** A read with no events and no roster fetches: alone on the lane, in no commit group. */
    private <T> CompletableFuture<T> read(String key, Supplier<T> work) {
        return lanes.submit(key, work);
    }
}
