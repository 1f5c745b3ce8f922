package org.pubsubserver.server.admin;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.pubsubserver.http.admin.AgeParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pubsub-admin delete-items NODE --older-than AGE}: removes a node's old items, as item expiry does. */
@Command(name = "delete-items", description = "Deletes a node's items published more than AGE ago (untold, as"
        + " pubsub#item_expire does).")
final class DeleteItemsCommand implements Callable<Integer> {
    @ParentCommand
    private AdminMain admin;

    @Parameters(paramLabel = "NODE", description = "The node's name.")
    private String node;

    @Option(names = "--older-than", paramLabel = "AGE", required = true,
            description = "90d, 12h, 30m, 45s, or ISO 8601 (P90D).")
    private String olderThan;

    @Override
    public Integer call() throws Exception {
        Duration age;
        try {
            age = AgeParser.parse(olderThan);
        } catch (IllegalArgumentException e) {
            throw new AdminFailure(AdminFailure.BAD_INPUT, "--older-than: " + e.getMessage());
        }
        try (NodeOperations operations = admin.nodeOperations()) {
            admin.out().print(operations.deleteItems(node, age));
        }
        admin.out().flush();
        return 0;
    }
}
