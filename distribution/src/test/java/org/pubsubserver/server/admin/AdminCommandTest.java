package org.pubsubserver.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.core.usecase.Publish;
import org.pubsubserver.core.usecase.Subscribe;
import org.pubsubserver.server.PubSubServer;
import org.pubsubserver.server.config.ConfigLoader;
import org.xmpp.packet.JID;
import picocli.CommandLine;

/**
 * {@code bin/pubsub-admin}'s node commands (issue 15): through a running server's admin listener, and on the store
 * itself when no server runs; an unknown node or a bad age is exit status 1 with a sentence, and changes nothing.
 */
class AdminCommandTest {
    private static final JID ALICE = new JID("alice@localhost/desk");

    @TempDir
    Path home;

    private int adminPort;
    private Path configFile;

    /** A command's exit status, what it printed and what it printed as an error. */
    private record Run(int status, String out, String err) {
    }

    private Run admin(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = AdminMain.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        String[] all = new String[arguments.length + 2];
        all[0] = "--config";
        all[1] = configFile.toString();
        System.arraycopy(arguments, 0, all, 2, arguments.length);
        int status = commandLine.execute(all);
        return new Run(status, out.toString(), err.toString());
    }

    /** The server's configuration file: its own data folder and admin port, an XMPP port nothing listens on. */
    @BeforeEach
    void writeConfig() throws Exception {
        int xmppPort = freePort();
        adminPort = freePort();
        configFile = home.resolve("pubsub.conf");
        Files.writeString(configFile, "xmpp.port = " + xmppPort + "\nhttp.port = 0\nadmin.port = " + adminPort
                + "\nstorage.data-dir = \"" + home.resolve("data").toString().replace("\\", "/") + "\"\n"
                + "engine.expiry-sweep-interval = 0s\n");
    }

    /** A loopback port free now (nothing listens on it). */
    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private PubSubServer startServer() throws Exception {
        PubSubServer server = new PubSubServer(new ConfigLoader(Map.of(), home).load(configFile));
        server.start();
        return server;
    }

    private static void content(PubSubServer server) throws Exception {
        var engine = server.engine();
        engine.createNode(new CreateNode.Request(ALICE, "news")).get(5, TimeUnit.SECONDS);
        engine.subscribe(new Subscribe.Request(new JID("bob@localhost/phone"), "news", new JID("bob@localhost"), Map.of()))
                .get(5, TimeUnit.SECONDS);
        engine.publish(new Publish.Request(ALICE, "news", List.of(new NewItem("first", "<e xmlns='urn:t'/>"))))
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void nodeCommandsGoThroughTheRunningServer() throws Exception {
        try (PubSubServer server = startServer()) {
            content(server);
            Run nodes = admin("nodes");
            assertThat(nodes.status()).as(nodes.err()).isZero();
            assertThat(nodes.out()).containsPattern("news +1 +1  alice@localhost").endsWith("1 node\n");
            Run node = admin("node", "news");
            assertThat(node.out()).contains("Node news, created").contains("pubsub#max_items = 100")
                    .contains("alice@localhost owner").contains("bob@localhost subscribed")
                    .contains("Items: 1").contains("first by alice@localhost/desk");

            Run unknown = admin("node", "nothing");
            assertThat(unknown.status()).isEqualTo(1);
            assertThat(unknown.err()).contains("No node named 'nothing'");
            Run badAge = admin("delete-items", "news", "--older-than", "yesterday");
            assertThat(badAge.status()).isEqualTo(1);
            assertThat(badAge.err()).contains("'yesterday' is not an age");

            Run none = admin("delete-items", "news", "--older-than", "1h");
            assertThat(none.out()).isEqualTo("Deleted 0 items of node news published more than 1h ago\n");
            Run deleted = admin("delete-node", "news");
            assertThat(deleted.status()).as(deleted.err()).isZero();
            assertThat(deleted.out()).contains("Deleted node news").contains("subscribers were told");
            assertThat(server.engine().findNode("news").get(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(admin("delete-node", "news").status()).isEqualTo(1);
        }
    }

    @Test
    void theCommandBearsTheConfiguredAdminToken() throws Exception {
        Files.writeString(configFile, Files.readString(configFile) + "admin.token = s3cret\n");
        try (PubSubServer server = startServer()) {
            content(server);
            Run nodes = admin("nodes");
            assertThat(nodes.status()).as(nodes.err()).isZero();
            assertThat(nodes.out()).contains("news");
            Files.writeString(configFile, Files.readString(configFile) + "admin.token = wrong\n");
            Run refused = admin("nodes");
            assertThat(refused.status()).isEqualTo(1);
            assertThat(refused.err()).contains("admin.token");
        }
    }

    @Test
    void withNoServerRunningTheCommandOpensTheStoreItself() throws Exception {
        try (PubSubServer server = startServer()) {
            content(server);
        }
        Run nodes = admin("nodes");
        assertThat(nodes.status()).as(nodes.err()).isZero();
        assertThat(nodes.out()).containsPattern("news +1 +1  alice@localhost");
        Run deleted = admin("delete-node", "news");
        assertThat(deleted.out()).contains("Deleted node news").contains("no server was running");
        assertThat(admin("nodes").out()).endsWith("0 nodes\n");
    }

    @Test
    void anExportOfTheRunningServerImportsIntoAnEmptyStoreAndNowhereElse() throws Exception {
        Path export = home.resolve("backup.xml.gz");
        String listed;
        String shown;
        try (PubSubServer server = startServer()) {
            content(server);
            Run exported = admin("export", "--out", export.toString());
            assertThat(exported.status()).as(exported.err()).isZero();
            assertThat(exported.out()).contains("Exported the store of http://127.0.0.1:" + adminPort);
            listed = admin("nodes").out();
            shown = admin("node", "news").out();
            Run whileRunning = admin("import", export.toString());
            assertThat(whileRunning.status()).isEqualTo(1);
            assertThat(whileRunning.err()).contains("stop the server first");
        }
        // every payload and subscriber is in it: for its owner's eyes only, whatever the umask
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(export)))
                .isEqualTo("rw-------");
        assertThat(new java.util.zip.GZIPInputStream(Files.newInputStream(export)).readAllBytes())
                .asString().contains("id='first'");

        Run intoTheSameStore = admin("import", export.toString());
        assertThat(intoTheSameStore.status()).isEqualTo(1);
        assertThat(intoTheSameStore.err()).contains("news");

        Path emptyStore = home.resolve("restored");
        Files.writeString(configFile, Files.readString(configFile) + "storage.data-dir = \""
                + emptyStore.toString().replace("\\", "/") + "\"\n");
        Path notAnExport = home.resolve("notes.txt");
        Files.writeString(notAnExport, "hello");
        Run refused = admin("import", notAnExport.toString());
        assertThat(refused.status()).isEqualTo(1);
        assertThat(admin("nodes").out()).endsWith("0 nodes\n");

        Run imported = admin("import", export.toString());
        assertThat(imported.status()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("Imported").contains("1 node");
        assertThat(admin("nodes").out()).isEqualTo(listed);
        assertThat(admin("node", "news").out()).isEqualTo(shown);

        // and the restored store exports again, with no server running, to the same nodes
        Path again = home.resolve("again.xml");
        Run offline = admin("export", "--out", again.toString());
        assertThat(offline.status()).as(offline.err()).isZero();
        assertThat(Files.readString(again)).contains("id='first'");
    }

    @Test
    void copyStoreMovesTheWholeStoreToAnotherDatabaseThatMustBeEmpty() throws Exception {
        try (PubSubServer server = startServer()) {
            content(server);
        }
        String listed = admin("nodes").out();
        Path target = home.resolve("copy");
        Run copied = admin("copy-store", "--to", target.toString());
        assertThat(copied.status()).as(copied.err()).isZero();
        assertThat(copied.out()).contains("Copied").contains("1 node");
        assertThat(target.resolve("pubsub.mv.db")).exists();
        Run again = admin("copy-store", "--to", target.toString());
        assertThat(again.status()).isEqualTo(1);

        Files.writeString(configFile, Files.readString(configFile) + "storage.data-dir = \""
                + target.toString().replace("\\", "/") + "\"\n");
        assertThat(admin("nodes").out()).isEqualTo(listed);
    }

    @Test
    void aNamedServerThatDoesNotAnswerIsExitStatus3() throws Exception {
        Run run = admin("--url", "http://127.0.0.1:" + adminPort, "nodes");
        assertThat(run.status()).isEqualTo(3);
        assertThat(run.err()).contains("no server answers at http://127.0.0.1:" + adminPort);
    }
}
