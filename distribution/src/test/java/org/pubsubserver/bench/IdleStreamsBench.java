package org.pubsubserver.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Idle streams: opens many SSE streams on one node and leaves them idle, then reports the server's memory
 * per stream: resident set size and live heap (after a full collection), each against the same figures
 * taken before the streams were opened.
 */
@Command(name = "idle", mixinStandardHelpOptions = true,
        description = "Holds many idle SSE streams and reports the server's memory per stream.")
final class IdleStreamsBench implements Callable<Integer> {
    @Option(names = "--streams", description = "Idle streams to open (default ${DEFAULT-VALUE}; the open-files limit"
            + " of both processes bounds it).")
    int streams = 19_000;
    @Option(names = "--source-addresses", description = "127.0.0.x source addresses to spread them over"
            + " (default ${DEFAULT-VALUE}).")
    int sourceAddresses = 20;
    @Option(names = "--settle", description = "Seconds to wait with the streams open before measuring (default ${DEFAULT-VALUE}).")
    int settle = 5;
    @Option(names = "--server-java-opts", description = "JAVA_OPTS of the server process (default '${DEFAULT-VALUE}').")
    String serverJavaOptions = "";

    @Override
    public Integer call() throws Exception {
        int httpPort = DirectLinkBench.freePort();
        try (FakeXmppServer link = new FakeXmppServer(DirectLinkBench.DOMAIN);
             SseClients clients = new SseClients(1, new Latency())) {
            link.start(new FakeXmppServer.Inbound() {
                @Override
                public void iq(String id, boolean ok) {
                    if (!ok) {
                        System.err.println("request " + id + " refused");
                    }
                }

                @Override
                public void message() {
                }

                @Override
                public void tick(long sentNanos) {
                }
            });
            try (ServerUnderTest server = ServerUnderTest.startBehind(link, httpPort, serverJavaOptions,
                    "idle-server.log")) {
                link.send(NodeSetup.DEFAULT.createRequest("create", DirectLinkBench.DOMAIN, DirectLinkBench.NODE));
                link.flush();
                // one stream first, so that the classes and buffers every stream shares are in the baseline
                clients.open(1, DirectLinkBench.DOMAIN + ":" + httpPort, httpPort, "/eventsource/" + DirectLinkBench.NODE, 1);
                clients.awaitStreaming(1, 30);
                Thread.sleep(1000);
                long heapBefore = server.heapUsedBytes(true);
                long committedBefore = server.heapCommittedBytes();
                long rssBefore = server.rssBytes();
                long opening = System.nanoTime();
                clients.open(streams, DirectLinkBench.DOMAIN + ":" + httpPort, httpPort,
                        "/eventsource/" + DirectLinkBench.NODE, sourceAddresses);
                int open = clients.awaitStreaming(streams + 1, 120) - 1;
                double openSeconds = (System.nanoTime() - opening) / 1e9;
                Thread.sleep(settle * 1000L);
                long heapAfter = server.heapUsedBytes(true);
                long committedAfter = server.heapCommittedBytes();
                long rssAfter = server.rssBytes();
                System.out.printf("idle SSE streams: %,d open of %,d asked (%d refused, %d closed) in %.1f s,"
                                + " from %d source addresses%n", open, streams, clients.refused(), clients.closed(),
                        openSeconds, sourceAddresses);
                System.out.printf("  server RSS  %d MiB -> %d MiB: %,.0f bytes per stream%n", rssBefore >> 20,
                        rssAfter >> 20, (rssAfter - rssBefore) / (double) Math.max(1, open));
                System.out.printf("  live heap   %d MiB -> %d MiB: %,.0f bytes per stream%n", heapBefore >> 20,
                        heapAfter >> 20, (heapAfter - heapBefore) / (double) Math.max(1, open));
                System.out.printf("  heap committed %d MiB -> %d MiB%n", committedBefore >> 20, committedAfter >> 20);
            }
        }
        return 0;
    }
}
