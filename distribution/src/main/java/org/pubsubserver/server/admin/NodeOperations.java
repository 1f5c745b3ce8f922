package org.pubsubserver.server.admin;

import java.time.Duration;

/**
 * What the admin command does to nodes, answered as text for the operator: through a running server
 * ({@link RemoteNodeOperations}) or on the store itself ({@link LocalNodeOperations}). An unknown node is an
 * {@link AdminFailure}.
 */
interface NodeOperations extends AutoCloseable {
    String nodes() throws Exception;

    String node(String node, int items) throws Exception;

    String deleteItems(String node, Duration olderThan) throws Exception;

    String deleteNode(String node) throws Exception;

    /** Where the operations run, for the operator's information. */
    String where();

    @Override
    default void close() {
    }
}
