package org.pubsubserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx (Debian's package) run as the distribution's {@code conf/nginx-pubsub.conf} says, with the test's
 * ports put in: its own main configuration, pid file, logs and temporary folders in a folder of the test, in the
 * foreground ({@code daemon off}) as a child of the test, never the system's configuration.
 */
final class NginxProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/nginx");
    /** In the shipped file: the two instances and the port browsers use, which the test replaces. */
    static final String FIRST_INSTANCE = "server 127.0.0.1:5280 ";
    static final String SECOND_INSTANCE = "server 127.0.0.1:5281 ";
    static final String LISTEN = "listen 80;";

    private final Process process;
    private final Path folder;

    private NginxProcess(Process process, Path folder) {
        this.process = process;
        this.folder = folder;
    }

    /** The shipped file as the distribution has it. */
    static String shippedConfig() throws IOException {
        Path distribution = Path.of(System.getProperty("pubsub.distribution", "target/pubsub-server"));
        return Files.readString(distribution.resolve("conf/nginx-pubsub.conf"));
    }

    /** Installs Debian's nginx when it is missing, through the project's script (as .ci/run does). */
    static void install() throws IOException, InterruptedException {
        Process script = new ProcessBuilder("bash",
                TestServers.projectRoot().resolve("scripts/test-servers.sh").toString(), "install", "nginx")
                .redirectErrorStream(true).start();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(script.waitFor(300, TimeUnit.SECONDS)).as("test-servers.sh install nginx finished").isTrue();
        assertThat(script.exitValue()).as("test-servers.sh install nginx:%n%s", output).isZero();
        assertThat(BINARY).isExecutable();
    }

    /**
     * The shipped file with the instances' HTTP ports and nginx's own port on loopback in place of the examples;
     * fails when the file no longer has the lines the test replaces.
     */
    static String withPorts(String shipped, int listenPort, int firstInstance, int secondInstance) {
        for (String line : List.of(FIRST_INSTANCE, SECOND_INSTANCE, LISTEN)) {
            assertThat(shipped.split(java.util.regex.Pattern.quote(line), -1)).as("'%s' once in the shipped file", line)
                    .hasSize(2);
        }
        return shipped.replace(FIRST_INSTANCE, "server 127.0.0.1:" + firstInstance + " ")
                .replace(SECOND_INSTANCE, "server 127.0.0.1:" + secondInstance + " ")
                .replace(LISTEN, "listen 127.0.0.1:" + listenPort + ";");
    }

    /** Starts nginx in {@code folder} with {@code site} (an http block's content) and waits until it listens. */
    static NginxProcess start(Path folder, String site, int listenPort) throws Exception {
        Files.createDirectories(folder.resolve("temp"));
        Files.writeString(folder.resolve("pubsub.conf"), site);
        String main = String.join("\n",
                "daemon off;",
                "worker_processes 1;",
                "pid " + folder.resolve("nginx.pid") + ";",
                "error_log " + folder.resolve("error.log") + " info;",
                "events { worker_connections 256; }",
                "http {",
                "    access_log " + folder.resolve("access.log") + ";",
                "    client_body_temp_path " + folder.resolve("temp/body") + ";",
                "    proxy_temp_path " + folder.resolve("temp/proxy") + ";",
                "    fastcgi_temp_path " + folder.resolve("temp/fastcgi") + ";",
                "    uwsgi_temp_path " + folder.resolve("temp/uwsgi") + ";",
                "    scgi_temp_path " + folder.resolve("temp/scgi") + ";",
                "    include " + folder.resolve("pubsub.conf") + ";",
                "}", "");
        Files.writeString(folder.resolve("nginx.conf"), main);
        Process process = new ProcessBuilder(BINARY.toString(), "-e", folder.resolve("error.log").toString(),
                "-p", folder.toString(), "-c", folder.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("console.log").toFile()).start();
        NginxProcess nginx = new NginxProcess(process, folder);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!listening(listenPort)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                nginx.close();
                throw new AssertionError("nginx did not start on port " + listenPort + ":\n" + nginx.errorLog()
                        + Files.readString(folder.resolve("console.log")));
            }
            Thread.sleep(50);
        }
        return nginx;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String errorLog() throws IOException {
        Path log = folder.resolve("error.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** SIGTERM: nginx's fast shutdown; its worker goes with it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
