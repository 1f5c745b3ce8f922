package org.pubsubserver.server.admin;

import static org.pubsubserver.server.admin.RunningServer.encode;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The node operations through a running server's admin listener (see {@code OperatorRoutes}). */
final class RemoteNodeOperations implements NodeOperations {
    private static final Pattern DELETED = Pattern.compile("\"deleted_items\":(\\d+)");

    private final RunningServer server;

    RemoteNodeOperations(RunningServer server) {
        this.server = server;
    }

    @Override
    public String nodes() throws Exception {
        return text(server.get("/nodes?format=text"));
    }

    @Override
    public String node(String node, int items) throws Exception {
        return text(server.get("/node?format=text&items=" + items + "&node=" + encode(node)));
    }

    @Override
    public String deleteItems(String node, Duration olderThan) throws Exception {
        String answer = text(server.post("/delete-items?node=" + encode(node) + "&older-than="
                + encode(olderThan.toString())));
        Matcher count = DELETED.matcher(answer);
        if (!count.find()) {
            throw new AdminFailure(AdminFailure.UNREACHABLE, "The server's answer was not understood: " + answer.trim());
        }
        return LocalNodeOperations.deletedItems(node, Integer.parseInt(count.group(1)), olderThan);
    }

    @Override
    public String deleteNode(String node) throws Exception {
        text(server.post("/delete-node?node=" + encode(node)));
        return "Deleted node " + node + " (its subscribers were told, its streams ended)\n";
    }

    @Override
    public String where() {
        return "the running server at " + server.base();
    }

    private static String text(RunningServer.Answer answer) throws IOException {
        if (answer.ok()) {
            return answer.body();
        }
        throw new AdminFailure(answer.status() / 100 == 4 ? AdminFailure.BAD_INPUT : AdminFailure.UNREACHABLE,
                answer.body().trim());
    }
}
