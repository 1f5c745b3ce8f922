package org.pubsubserver.server.admin;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code pubsub-admin nodes}: every node with its item and subscription counts and its owners. */
@Command(name = "nodes", description = "Lists every node: items, subscriptions, owners.")
final class NodesCommand implements Callable<Integer> {
    @ParentCommand
    private AdminMain admin;

    @Override
    public Integer call() throws Exception {
        try (NodeOperations operations = admin.nodeOperations()) {
            admin.out().print(operations.nodes());
        }
        admin.out().flush();
        return 0;
    }
}
