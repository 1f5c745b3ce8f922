package org.pubsubserver.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Our server as an admin runs it (the unpacked distribution's {@code bin/pubsub-server}, configured through
 * PUBSUB_* variables, with a fresh data folder), in a process of its own so that its CPU time and memory
 * are read apart from the load driver's: CPU and RSS from {@code /proc}, the heap from {@code jcmd}.
 */
final class ServerUnderTest implements AutoCloseable {
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern HEAP_COMMITTED = Pattern.compile("total (\\d+)K");
    private static final long CLOCK_TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux

    private final Process process;
    private final Path dataDir;
    private final Path log;

    private ServerUnderTest(Process process, Path dataDir, Path log) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
    }

    /** Starts the server with these settings on top of a fresh data folder; its output goes to {@code log}. */
    static ServerUnderTest start(Path distribution, Map<String, String> settings, String javaOptions, Path log)
            throws IOException {
        Path dataDir = Files.createTempDirectory("pubsub-bench-data");
        ProcessBuilder builder = new ProcessBuilder(distribution.resolve("bin/pubsub-server").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(settings);
        // the admin listener on, as shipped (its metrics count in what is measured), on a port of its own per instance
        if (!settings.containsKey("PUBSUB_ADMIN_PORT")) {
            try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                builder.environment().put("PUBSUB_ADMIN_PORT", Integer.toString(socket.getLocalPort()));
            }
        }
        builder.environment().put("PUBSUB_STORAGE_DATA_DIR", dataDir.toString());
        builder.environment().put("JAVA_OPTS", javaOptions);
        return new ServerUnderTest(builder.start(), dataDir, log);
    }

    /**
     * Starts the server as {@code link}'s component, with HTTP on {@code httpPort} and no stream or connection
     * limits ({@link #withoutConnectionLimits}), and waits until the link is up. The log goes to target/bench/{@code logName}.
     */
    static ServerUnderTest startBehind(FakeXmppServer link, int httpPort, String javaOptions, String logName)
            throws Exception {
        return startBehind(link, httpPort, javaOptions, logName, Map.of());
    }

    /** As {@link #startBehind(FakeXmppServer, int, String, String)}, with these settings besides (the store's). */
    static ServerUnderTest startBehind(FakeXmppServer link, int httpPort, String javaOptions, String logName,
                                       Map<String, String> more) throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "bench"));
        Map<String, String> settings = new java.util.HashMap<>(more);
        settings.putAll(Map.of(
                "PUBSUB_XMPP_DOMAIN", DirectLinkBench.DOMAIN, "PUBSUB_XMPP_PORT", Integer.toString(link.port()),
                "PUBSUB_XMPP_SECRET", "bench", "PUBSUB_HTTP_PORT", Integer.toString(httpPort)));
        ServerUnderTest server = start(Bench.distribution(), withoutConnectionLimits(settings),
                javaOptions, logs.resolve(logName));
        try {
            link.awaitAuthenticated(60);
            server.awaitLog("is connected", 30);
            return server;
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    /**
     * The settings with no stream or connection limits per address (the drivers' streams come from a few
     * 127.0.0.x addresses) nor in all (the idle bench opens as many as the open-files limit allows).
     */
    static Map<String, String> withoutConnectionLimits(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("PUBSUB_HTTP_MAX_STREAMS_PER_ADDRESS", "0");
        all.put("PUBSUB_HTTP_MAX_CONNECTIONS_PER_ADDRESS", "0");
        all.put("PUBSUB_HTTP_MAX_CONNECTIONS", "0");
        return all;
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the server's log says {@code text}, or fails with the log's end. */
    void awaitLog(String text, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited before logging '" + text + "'; see " + log);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the server did not log '" + text + "' within " + seconds + " s; see " + log);
    }

    /** User plus system CPU time the server process has used so far. */
    long cpuNanos() throws IOException {
        return cpuNanosOf(pid());
    }

    /** The part of {@link #cpuNanos()} spent in the kernel (system time: system calls, the network stack). */
    long kernelCpuNanos() throws IOException {
        return ticksOf(pid())[1] * CLOCK_TICK_NANOS;
    }

    /** User plus system CPU time process {@code pid} has used so far, from /proc. */
    static long cpuNanosOf(long pid) throws IOException {
        long[] ticks = ticksOf(pid);
        return (ticks[0] + ticks[1]) * CLOCK_TICK_NANOS;
    }

    /** User and system time of process {@code pid}, in clock ticks, from /proc/pid/stat. */
    private static long[] ticksOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command: state(0) ... utime is field 14 of the whole line, i.e. index 11 here; stime 12
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    /** The resident set size of the server process, in bytes. */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for process " + pid());
    }

    /** Heap in use, in bytes; with {@code collectFirst}, after a full collection (live data only). */
    long heapUsedBytes(boolean collectFirst) throws IOException, InterruptedException {
        if (collectFirst) {
            jcmd("GC.run");
        }
        return heapFigure(HEAP_USED);
    }

    /** The heap the JVM has committed (taken from the system), in bytes; at most what of it is resident. */
    long heapCommittedBytes() throws IOException, InterruptedException {
        return heapFigure(HEAP_COMMITTED);
    }

    private long heapFigure(Pattern figure) throws IOException, InterruptedException {
        Matcher matcher = figure.matcher(jcmd("GC.heap_info"));
        if (!matcher.find()) {
            throw new IOException("jcmd GC.heap_info gave no heap figure");
        }
        return Long.parseLong(matcher.group(1)) * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process run = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        run.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

}
