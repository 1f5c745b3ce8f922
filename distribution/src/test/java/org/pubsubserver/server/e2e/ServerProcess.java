package org.pubsubserver.server.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Our server as an admin runs it: the unpacked distribution's {@code bin/pubsub-server}, configured
 * through PUBSUB_* environment variables, its output captured in a log file.
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    /** Where this process's output starts in the (shared, appended) log file. */
    private final long logStart;

    private ServerProcess(Process process, Path log, long logStart) {
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    static Path launcher() {
        Path distribution = Path.of(System.getProperty("pubsub.distribution", "target/pubsub-server"));
        return distribution.resolve("bin/pubsub-server").toAbsolutePath();
    }

    /** What {@code bin/pubsub-admin} printed (output and errors) and its exit status. */
    record AdminRun(int status, String output) {
    }

    /** Runs {@code bin/pubsub-admin} with these settings (PUBSUB_*), as an operator does, to its end. */
    static AdminRun admin(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(launcher().resolveSibling("pubsub-admin").toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("pubsub-admin " + arguments[0] + " did not end within 5 minutes: " + output);
        }
        return new AdminRun(process.exitValue(), output);
    }

    static ServerProcess start(Map<String, String> environment, Path log, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        // the admin listener as shipped, on a port of its own: several instances run on this machine at once
        builder.environment().putIfAbsent("PUBSUB_ADMIN_PORT", Integer.toString(StreamEvents.freePort()));
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        return new ServerProcess(builder.start(), log, logStart);
    }

    /**
     * {@code command} as given (e.g. the installed package's command through {@code runuser}), with exactly
     * {@code environment} (nothing inherited, as under a service manager), in {@code directory}.
     */
    static ServerProcess startCommand(List<String> command, Map<String, String> environment, Path directory, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        return new ServerProcess(builder.start(), log, logStart);
    }

    /** The process started (with {@link #startCommand}, e.g. runuser, whose descendant is the JVM). */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** What this process has logged so far (not earlier runs that share the file). */
    String log() throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(logStart, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    /** Waits until the log matches {@code regex} (found anywhere), or fails with the log. */
    void awaitLog(String regex, Duration timeout) throws Exception {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pattern.matcher(log()).find()) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("server exited (" + process.exitValue() + ") before logging /" + regex
                        + "/:\n" + log());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no /" + regex + "/ in the server log within " + timeout + ":\n" + log());
    }

    void awaitLinkUp() throws Exception {
        awaitLog("is connected to the XMPP server", Duration.ofSeconds(60));
    }

    /** SIGTERM, as a service manager stops it; returns the exit status. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the server did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGKILL: nothing gets to run on the way out. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server is still running after " + timeout);
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
