package org.pubsubserver.server.admin;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pubsub-admin delete-node NODE}: deletes a node as its owner would (XEP-0060 §8.4). */
@Command(name = "delete-node", description = "Deletes a node with its items and subscriptions; through a running"
        + " server its subscribers are told (XEP-0060 8.4.2) and its SSE streams end.")
final class DeleteNodeCommand implements Callable<Integer> {
    @ParentCommand
    private AdminMain admin;

    @Parameters(paramLabel = "NODE", description = "The node's name.")
    private String node;

    @Override
    public Integer call() throws Exception {
        try (NodeOperations operations = admin.nodeOperations()) {
            admin.out().print(operations.deleteNode(node));
        }
        admin.out().flush();
        return 0;
    }
}
