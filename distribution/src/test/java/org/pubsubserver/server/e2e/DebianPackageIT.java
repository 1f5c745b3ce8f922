package org.pubsubserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Issue 15: the built Debian package as an admin uses it. {@code dpkg -i} installs it (files, the system user,
 * the conffile, the systemd unit), the server runs as that user with the packaged configuration against the test
 * Prosody and serves a published item over SSE, stops cleanly on SIGTERM, and {@code apt-get purge} leaves
 * nothing of it behind. There is no systemd running here, so the server is started as the unit would start it:
 * its command, as its user, in its working directory, with a bare environment.
 * <p>
 * It installs packages, so it needs root (CI runs as root) and fails, not skips, without. It purges the package
 * at the end even when a test failed, and first purges one left behind by a run that was killed (which it knows by
 * its marker file); a pubsub-server package it did not install, with an admin's data, it leaves alone and fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebianPackageIT {
    private static final String PACKAGE = "pubsub-server";
    private static final String USER = "pubsub-server";
    private static final Path HOME = Path.of("/usr/share/pubsub-server");
    private static final Path CONF_DIR = Path.of("/etc/pubsub-server");
    private static final Path CONF = CONF_DIR.resolve("pubsub.conf");
    private static final Path DATA = Path.of("/var/lib/pubsub-server");
    private static final Path UNIT = Path.of("/lib/systemd/system/pubsub-server.service");
    private static final Path UNIT_ENABLED = Path.of("/etc/systemd/system/multi-user.target.wants/pubsub-server.service");
    /** dpkg and apt wait this long for a lock another installation holds (other test runs install packages too). */
    private static final Duration LOCK_WAIT = Duration.ofMinutes(3);

    /** Made before this test installs the package and removed once it purged it: an installation of ours. */
    private static final Path MARKER = Path.of("/var/tmp/pubsub-server-DebianPackageIT.installed");

    private static Path deb;

    @BeforeAll
    static void installPackage() throws Exception {
        String uid = run(List.of("id", "-u")).output().strip();
        if (!uid.equals("0")) {
            throw new AssertionError("DebianPackageIT installs the built .deb with dpkg and must run as root (CI does);"
                    + " this JVM runs as uid " + uid);
        }
        deb = builtPackage();
        if (onSystem() && !Files.exists(MARKER)) {
            throw new AssertionError("a pubsub-server package that this test did not install is on this machine:"
                    + " DebianPackageIT would purge it with its data; run the test elsewhere");
        }
        purgeIfInstalled();
        TestServers.start(TestServers.Kind.PROSODY);
        Files.writeString(MARKER, "installed by DebianPackageIT from " + deb + "\n");
        Result installed = dpkg("-i", deb.toString());
        assertThat(installed.status()).as("dpkg -i %s:%n%s", deb, installed.output()).isZero();
    }

    @AfterAll
    static void purgeAndStopProsody() throws Exception {
        try {
            if (Files.exists(MARKER)) {
                purgeIfInstalled();
            }
        } finally {
            EndToEndScenario.stopQuietly(TestServers.Kind.PROSODY);
        }
    }

    /** The .deb the build made, target/pubsub-server_VERSION_all.deb (the newest, when an older version is there too). */
    private static Path builtPackage() throws IOException {
        Path target = Path.of(System.getProperty("pubsub.debDirectory", "target"));
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("pubsub-server_.*_all\\.deb"))
                    .max(Comparator.comparing(f -> f.toFile().lastModified()))
                    .orElseThrow(() -> new AssertionError("no pubsub-server_*_all.deb in " + target + ": mvn package"))
                    .toAbsolutePath();
        }
    }

    @Test
    @Order(1)
    void installsTheDistributionACommandForEveryScriptTheUnitAndTheConfigurationAsAConffile() throws Exception {
        String version = deb.getFileName().toString().replaceAll("^pubsub-server_(.*)_all\\.deb$", "$1");
        assertThat(run(List.of("dpkg-query", "-W", "-f", "${Status} ${Version}", PACKAGE)).output())
                .isEqualTo("install ok installed " + version);

        Path distribution = Path.of(System.getProperty("pubsub.distribution", "target/pubsub-server"));
        List<String> scripts;
        try (var bin = Files.list(distribution.resolve("bin"))) {
            scripts = bin.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertThat(scripts).contains("pubsub-server");
        for (String script : scripts) {
            Path installed = HOME.resolve("bin").resolve(script);
            assertThat(installed).isExecutable();
            Path command = Path.of("/usr/bin", script);
            assertThat(command.resolveSibling(Files.readSymbolicLink(command)).normalize()).isEqualTo(installed);
        }
        try (var lib = Files.list(HOME.resolve("lib"))) {
            assertThat(lib.map(f -> f.getFileName().toString())).anyMatch(f -> f.startsWith("distribution-"))
                    .anyMatch(f -> f.startsWith("netty-transport-native-epoll-"));
        }
        assertThat(HOME.resolve("conf/pubsub-defaults.conf")).exists();
        assertThat(Files.readSymbolicLink(HOME.resolve("conf/pubsub.conf"))).as("the commands' default configuration")
                .isEqualTo(CONF);
        assertThat(UNIT).hasSameTextualContentAs(distribution.resolve("systemd/pubsub-server.service"));
        assertThat(run(List.of("dpkg-query", "-W", "-f", "${Conffiles}", PACKAGE)).output()).contains(CONF.toString());

        String conf = Files.readString(CONF);
        assertThat(conf).contains("data-dir = \"/var/lib/pubsub-server\"");
        assertOwnerAndMode(CONF, "root", USER, "rw-r-----");
    }

    @Test
    @Order(2)
    void createsASystemUserWithoutLoginThatOwnsTheDataFolder() throws Exception {
        String[] passwd = run(List.of("getent", "passwd", USER)).output().strip().split(":");
        assertThat(passwd).as("getent passwd %s", USER).hasSize(7);
        assertThat(Integer.parseInt(passwd[2])).as("a system uid").isLessThan(1000);
        assertThat(passwd[5]).isEqualTo(DATA.toString());
        assertThat(passwd[6]).isEqualTo("/usr/sbin/nologin");
        assertThat(run(List.of("getent", "group", USER)).status()).isZero();
        assertOwnerAndMode(DATA, USER, USER, "rwxr-x---");
    }

    @Test
    @Order(3)
    void theInstalledUnitPassesSystemdAnalyzeVerifyAndIsEnabled() throws Exception {
        assertThat(Path.of("/usr/bin/systemd-analyze")).as("systemd-analyze (apt-get install systemd)").exists();
        Result verify = run(List.of("systemd-analyze", "verify", UNIT.toString()));
        assertThat(verify.status()).as("systemd-analyze verify:%n%s", verify.output()).isZero();
        assertThat(verify.output()).as("no warnings").isBlank();
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("User=pubsub-server", "ExecStart=/usr/bin/pubsub-server --config " + CONF,
                "StateDirectory=pubsub-server", "ProtectSystem=strict", "NoNewPrivileges=yes", "PrivateTmp=yes");
        // enabled as debhelper does (started only where systemd runs, which it does not here)
        assertThat(Files.readSymbolicLink(UNIT_ENABLED)).isEqualTo(UNIT);
    }

    @Test
    @Order(4)
    void runsAsItsUserWithThePackagedConfigurationServesAPublishedItemOverSseAndStopsOnSigterm() throws Exception {
        Path log = Files.createDirectories(Path.of("target", "e2e-logs")).resolve("DebianPackageIT.log").toAbsolutePath();
        Files.deleteIfExists(log);
        int httpPort = StreamEvents.freePort();
        // The packaged configuration, with the test Prosody's component port and secret from the environment.
        Map<String, String> environment = Map.of(
                "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "LANG", "C.UTF-8",
                "PUBSUB_XMPP_PORT", Integer.toString(TestServers.Kind.PROSODY.componentPort),
                "PUBSUB_XMPP_SECRET", TestServers.SECRET,
                "PUBSUB_XMPP_INITIAL_BACKOFF", "200ms",
                "PUBSUB_HTTP_PORT", Integer.toString(httpPort));
        List<String> command = List.of("runuser", "-u", USER, "--", "/usr/bin/pubsub-server", "--config", CONF.toString());
        EventSource source = null;
        XMPPTCPConnection alice = null;
        try (ServerProcess server = ServerProcess.startCommand(command, environment, DATA, log)) {
            server.awaitLinkUp();
            assertThat(server.log()).contains("starting with " + CONF)
                    .contains("Data in H2 file " + DATA.resolve("pubsub.mv.db"));
            ProcessHandle jvm = server.handle().descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("/java")).findFirst()
                    .orElseThrow(() -> new AssertionError("no JVM under runuser"));
            assertThat(jvm.info().user()).contains(USER);

            alice = XmppClients.login(TestServers.Kind.PROSODY, "alice", "alicepass");
            PubSubManager pubsub = PubSubManager.getInstanceFor(alice, JidCreate.bareFrom(TestServers.COMPONENT));
            String node = "deb-" + UUID.randomUUID();
            LeafNode leaf = pubsub.createNode(node);
            source = stream(httpPort, node);
            BlockingQueue<MessageEvent> events = StreamEvents.collect(source, new LinkedBlockingQueue<>());
            Thread.sleep(500); // the stream open (an open stream gets no replay without Last-Event-ID)
            leaf.publish(new PayloadItem<>("from-the-package",
                    new SimplePayload("<entry xmlns='urn:example:deb'>from-the-package</entry>")));
            assertThat(StreamEvents.take(events, 1)).extracting(StreamEvents::itemOf)
                    .containsExactly("from-the-package");

            // As systemd stops it: SIGTERM to the JVM (runuser would kill its child 2 s after a TERM of its own).
            source.close();
            alice.disconnect();
            assertThat(jvm.destroy()).as("SIGTERM sent").isTrue();
            assertThat(server.awaitExit(Duration.ofSeconds(30))).as("exit status, passed on by runuser").isZero();
            assertThat(server.log()).contains("Stopped");
        } finally {
            if (source != null) {
                source.close();
            }
            if (alice != null) {
                alice.disconnect();
            }
        }
        assertOwnerAndMode(DATA.resolve("pubsub.mv.db"), USER, USER, null);
        assertOwnerAndMode(DATA.resolve("sse-token.key"), USER, USER, "rw-------");
    }

    /** An upgrade (here the same version again) keeps what the admin changed and what the server stored. */
    @Test
    @Order(5)
    void installingThePackageAgainKeepsTheEditedConffileTheDataAndTheUser() throws Exception {
        String edited = Files.readString(CONF).replace("node-creation = \"anyone\"", "node-creation = \"admins\"");
        assertThat(edited).contains("node-creation = \"admins\"");
        Files.writeString(CONF, edited);
        String uid = run(List.of("id", "-u", USER)).output().strip();
        List<String> data;
        try (var files = Files.list(DATA)) {
            data = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertThat(data).contains("pubsub.mv.db", "sse-token.key");

        Result again = dpkg("-i", deb.toString());
        assertThat(again.status()).as("dpkg -i again:%n%s", again.output()).isZero();
        assertThat(Files.readString(CONF)).isEqualTo(edited);
        assertOwnerAndMode(CONF, "root", USER, "rw-r-----");
        assertThat(run(List.of("id", "-u", USER)).output().strip()).isEqualTo(uid);
        try (var files = Files.list(DATA)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList()).isEqualTo(data);
        }
        assertOwnerAndMode(DATA, USER, USER, "rwxr-x---");
    }

    @Test
    @Order(6)
    void purgeLeavesNeitherFilesNorTheUserBehind() throws Exception {
        List<String> scripts;
        try (var bin = Files.list(HOME.resolve("bin"))) {
            scripts = bin.map(f -> f.getFileName().toString()).toList();
        }
        Result purged = aptGetPurge();
        assertThat(purged.status()).as("apt-get purge:%n%s", purged.output()).isZero();
        assertThat(onSystem()).as("dpkg's record of %s after purge", PACKAGE).isFalse();
        List<Path> gone = new ArrayList<>(List.of(HOME, CONF_DIR, DATA, UNIT, UNIT_ENABLED,
                Path.of("/usr/share/doc/pubsub-server")));
        scripts.forEach(script -> gone.add(Path.of("/usr/bin", script)));
        for (Path path : gone) {
            assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).as("%s after purge", path).isFalse();
        }
        assertThat(run(List.of("getent", "passwd", USER)).status()).as("user %s after purge", USER).isEqualTo(2);
        assertThat(run(List.of("getent", "group", USER)).status()).as("group %s after purge", USER).isEqualTo(2);
    }

    private static EventSource stream(int httpPort, String node) {
        URI uri = URI.create("http://" + TestServers.COMPONENT + ":" + httpPort + "/eventsource/" + node);
        return new EventSource.Builder(ConnectStrategy.http(uri)
                .clientBuilderActions(client -> client.dns(host -> List.of(InetAddress.getLoopbackAddress())))
                .readTimeout(30, TimeUnit.SECONDS)).build();
    }

    private static void assertOwnerAndMode(Path path, String owner, String group, String mode) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertThat(attributes.owner().getName()).as("owner of %s", path).isEqualTo(owner);
        assertThat(attributes.group().getName()).as("group of %s", path).isEqualTo(group);
        if (mode != null) {
            assertThat(PosixFilePermissions.toString(attributes.permissions())).as("mode of %s", path).isEqualTo(mode);
        }
    }

    /** Whether dpkg has the package in any state but purged ("unknown ok not-installed", or never heard of). */
    private static boolean onSystem() throws Exception {
        Result status = run(List.of("dpkg-query", "-W", "-f", "${Status}", PACKAGE));
        return status.status() == 0 && !status.output().strip().endsWith("not-installed");
    }

    private static void purgeIfInstalled() throws Exception {
        if (onSystem()) {
            Result purged = aptGetPurge();
            if (purged.status() != 0) {
                System.err.println("apt-get purge " + PACKAGE + ":\n" + purged.output());
                return;
            }
        }
        Files.deleteIfExists(MARKER);
    }

    private static Result aptGetPurge() throws Exception {
        return run(List.of("apt-get", "purge", "-y", "-q", "-o", "DPkg::Lock::Timeout=" + LOCK_WAIT.toSeconds(),
                PACKAGE));
    }

    /** dpkg, waiting while another installation holds its lock (dpkg itself does not wait). */
    private static Result dpkg(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("dpkg"));
        command.addAll(List.of(arguments));
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            Result result = run(command);
            if (result.status() == 0 || !result.output().contains("lock") || System.nanoTime() > deadline) {
                return result;
            }
            Thread.sleep(1000);
        }
    }

    private record Result(int status, String output) {
    }

    private static Result run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(LOCK_WAIT.toSeconds() + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Result(process.exitValue(), output);
    }
}
