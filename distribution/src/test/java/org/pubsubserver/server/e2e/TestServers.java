package org.pubsubserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Starts and stops a real XMPP server through the project's own script, scripts/test-servers.sh. */
final class TestServers {
    static final String COMPONENT = "pubsub.localhost";
    static final String SECRET = "test-secret";

    /** A server the script knows: its client and component ports. */
    enum Kind {
        PROSODY("prosody", 25222, 25347),
        EJABBERD("ejabberd", 26222, 26347);

        final String name;
        final int c2sPort;
        final int componentPort;

        Kind(String name, int c2sPort, int componentPort) {
            this.name = name;
            this.c2sPort = c2sPort;
            this.componentPort = componentPort;
        }
    }

    private TestServers() {
    }

    static Path projectRoot() {
        return Path.of(System.getProperty("pubsub.projectRoot", "..")).toAbsolutePath().normalize();
    }

    static void start(Kind kind) throws IOException, InterruptedException {
        run("start", kind.name);
    }

    static void stop(Kind kind) throws IOException, InterruptedException {
        run("stop", kind.name);
    }

    /** The script's PostgreSQL, fresh: database and user pubsub, password {@link #SECRET}, on 127.0.0.1:25432. */
    static String startPostgresql() throws IOException, InterruptedException {
        run("start", "postgresql");
        return "jdbc:postgresql://127.0.0.1:25432/pubsub";
    }

    static void stopPostgresql() throws IOException, InterruptedException {
        run("stop", "postgresql");
    }

    private static void run(String command, String server) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", projectRoot().resolve("scripts/test-servers.sh").toString(),
                command, server).redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("test-servers.sh %s %s finished", command, server)
                .isTrue();
        assertThat(process.exitValue()).as("test-servers.sh %s %s:%n%s", command, server, output).isZero();
        System.out.print(output);
    }
}
