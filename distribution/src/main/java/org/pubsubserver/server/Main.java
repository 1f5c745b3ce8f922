package org.pubsubserver.server;

import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.pubsubserver.core.store.StoreOpenException;
import org.pubsubserver.server.config.ConfigLoader;
import org.pubsubserver.server.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code bin/pubsub-server [--config FILE]}: runs the server until SIGTERM or SIGINT, then stops cleanly with exit 0. */
@Command(name = "pubsub-server", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "XMPP publish-subscribe component (XEP-0060 over XEP-0114) with Server-Sent Events.")
public final class Main implements Callable<Integer> {
    /** Exit status for a configuration or start-up problem. */
    static final int EXIT_CONFIG = 2;
    static final int EXIT_START = 3;
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: conf/pubsub.conf of the distribution; without one, built-in defaults).")
    private Path configFile;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        Path home = ConfigLoader.homeFolder();
        ConfigLoader loader = new ConfigLoader(System.getenv(), home);
        ServerConfig config;
        try {
            config = loader.load(configFile != null ? configFile : ConfigLoader.defaultConfigFile(home));
        } catch (ConfigException e) {
            LOG.error("Cannot start: the configuration is not valid: {}", e.getMessage());
            return EXIT_CONFIG;
        }
        loader.warnings().forEach(LOG::warn);

        PubSubServer server = new PubSubServer(config);
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "pubsub-shutdown"));
        try {
            server.start();
        } catch (StoreOpenException e) {
            // a sentence that says what to fix; the cause's trace only for those who ask
            LOG.error("Cannot start: {}", e.getMessage());
            LOG.debug("Why the store could not be opened", e);
            return EXIT_START;
        } catch (Exception e) {
            LOG.error("Cannot start: {}", e.getMessage(), e);
            return EXIT_START;
        }
        stopRequested.await();
        server.stop();
        return 0;
    }

    /** The version picocli prints for {@code --version}. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {PubSubServer.SOFTWARE_NAME + " " + PubSubServer.version()};
        }
    }
}
