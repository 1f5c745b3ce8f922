package org.pubsubserver.server.admin;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pubsub-admin node NODE}: the node's configuration, affiliations, subscriptions and newest items. */
@Command(name = "node", description = "Shows a node: configuration, affiliations, subscriptions, newest items.")
final class NodeCommand implements Callable<Integer> {
    @ParentCommand
    private AdminMain admin;

    @Parameters(paramLabel = "NODE", description = "The node's name.")
    private String node;

    @Option(names = "--items", paramLabel = "N", defaultValue = "20",
            description = "How many of its newest items to show (default: ${DEFAULT-VALUE}; at most 1000).")
    private int items;

    @Override
    public Integer call() throws Exception {
        try (NodeOperations operations = admin.nodeOperations()) {
            admin.out().print(operations.node(node, Math.max(0, Math.min(1000, items))));
        }
        admin.out().flush();
        return 0;
    }
}
