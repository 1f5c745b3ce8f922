package org.pubsubserver.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The benchmark harness's entry point (run it with {@code scripts/bench.sh}): load drivers that start the
 * unpacked distribution as a separate process and print what they measure. Numbers are printed, never
 * asserted; docs/PERFORMANCE.md keeps the results with the machine, the command and the date.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {DirectLinkBench.class, IdleStreamsBench.class, ProsodyBench.class, ArchiveQueryBench.class},
        description = "Load drivers for pubsub-server; each prints its measurements.")
public final class Bench implements Runnable {
    public static void main(String[] args) {
        // enum options in lower case, as they are printed: --node-config tuned
        System.exit(new CommandLine(new Bench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    /** The unpacked distribution to run: -Dpubsub.distribution, or the build's. */
    static Path distribution() {
        return Path.of(System.getProperty("pubsub.distribution", "distribution/target/pubsub-server")).toAbsolutePath();
    }

    /** The CPU time this (the driver's) process has used so far. */
    static long driverCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
