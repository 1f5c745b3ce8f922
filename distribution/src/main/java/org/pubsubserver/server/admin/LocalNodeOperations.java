package org.pubsubserver.server.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.pubsubserver.core.access.ServicePolicy;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.usecase.DeleteNode;
import org.pubsubserver.http.admin.OperatorViews;

/**
 * The node operations on a store the admin command opened itself ({@link OfflineStore}): the same engine use cases
 * the server's admin listener runs, with nobody to notify.
 */
final class LocalNodeOperations implements NodeOperations {
    private final OfflineStore store;
    private final PubSubEngine engine;
    private final Clock clock;
    /** Refuses a change where the store may not be changed directly (see {@link AdminMain#mayChange}). */
    private final Runnable mayChange;

    LocalNodeOperations(OfflineStore store, Clock clock, Runnable mayChange) {
        this.store = store;
        this.engine = store.engine();
        this.clock = clock;
        this.mayChange = mayChange;
    }

    @Override
    public String nodes() throws Exception {
        return OperatorViews.summariesText(await(engine.nodeSummaries()));
    }

    @Override
    public String node(String node, int items) throws Exception {
        return OperatorViews.detailsText(await(engine.nodeDetails(node, items)).orElseThrow(() -> noSuchNode(node)));
    }

    @Override
    public String deleteItems(String node, Duration olderThan) throws Exception {
        mayChange.run();
        int removed = await(engine.removeItemsPublishedBefore(node, clock.instant().minus(olderThan)))
                .orElseThrow(() -> noSuchNode(node));
        return deletedItems(node, removed, olderThan);
    }

    @Override
    public String deleteNode(String node) throws Exception {
        mayChange.run();
        try {
            await(engine.deleteNode(new DeleteNode.Request(ServicePolicy.OPERATOR, node)));
        } catch (AdminFailure e) {
            if (e.getCause() instanceof PubSubException refusal && refusal.condition() == StanzaCondition.ITEM_NOT_FOUND) {
                throw noSuchNode(node);
            }
            throw e;
        }
        return "Deleted node " + node + " (no server was running: its subscribers were not told)\n";
    }

    @Override
    public String where() {
        return "the store " + store.storage().description() + " (no server answered on the admin listener)";
    }

    @Override
    public void close() {
        store.close();
    }

    static String deletedItems(String node, int count, Duration olderThan) {
        return "Deleted " + count + (count == 1 ? " item" : " items") + " of node " + node + " published more than "
                + olderThan.toString().substring(2).toLowerCase() + " ago\n";
    }

    private static AdminFailure noSuchNode(String node) {
        return new AdminFailure(AdminFailure.BAD_INPUT, "No node named '" + node + "'");
    }

    /** The use case's result; its refusal or the store's fault as a sentence. */
    private static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(10, TimeUnit.MINUTES);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof AdminFailure failure) {
                throw failure;
            }
            throw new AdminFailure(cause instanceof PubSubException ? AdminFailure.BAD_INPUT : AdminFailure.UNREACHABLE,
                    "the store refused or failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new AdminFailure(AdminFailure.UNREACHABLE, "the store did not answer within 10 minutes", e);
        }
    }
}
