package org.pubsubserver.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.JID;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void builtInDefaultsAreTheDocumentedLocalOnes() {
        ServerConfig config = new ConfigLoader(Map.of(), dir).load(null);
        assertThat(config.xmpp().domain()).isEqualTo("pubsub.localhost");
        assertThat(config.xmpp().host()).isEqualTo("127.0.0.1");
        assertThat(config.xmpp().port()).isEqualTo(5347);
        assertThat(config.xmpp().maxStanzaSize()).isEqualTo(1024 * 1024);
        assertThat(config.xmpp().standbyRetry()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.http().bind()).isEqualTo("127.0.0.1");
        assertThat(config.http().port()).isEqualTo(5280);
        assertThat(config.http().heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.storage().dataDir()).isEqualTo(dir.resolve("data").toAbsolutePath());
    }

    @Test
    void theStoreIsTheH2FileByDefaultAndPostgreSqlFromTheEnvironment() {
        ServerConfig.Storage storage = new ConfigLoader(Map.of(), dir).load(null).storage();
        assertThat(storage.url()).isEmpty();
        assertThat(storage.sync()).isFalse();
        storage = new ConfigLoader(Map.of("PUBSUB_STORAGE_URL", "jdbc:postgresql://db.example.org:5432/pubsub",
                "PUBSUB_STORAGE_USER", "pubsub", "PUBSUB_STORAGE_PASSWORD", "s3cret"), dir).load(null).storage();
        assertThat(storage.url()).isEqualTo("jdbc:postgresql://db.example.org:5432/pubsub");
        assertThat(storage.user()).isEqualTo("pubsub");
        assertThat(storage.password()).isEqualTo("s3cret");
        assertThat(storage.toString()).doesNotContain("s3cret");
    }

    @Test
    void aStorageUrlOfAnotherDatabaseIsAnErrorSayingWhatItTakes() throws Exception {
        Path file = dir.resolve("storage.conf");
        Files.writeString(file, "storage.url = \"jdbc:mysql://db/pubsub\"\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("storage.url")
                .hasMessageContaining("jdbc:postgresql://");
    }

    @Test
    void connectionDefaultsTimeOutSilentConnectionsAndLimitThemBelowTheOpenFilesLimit() {
        ServerConfig.Http http = new ConfigLoader(Map.of(), dir).load(null).http();
        assertThat(http.trustedProxies()).isEmpty();
        assertThat(http.requestTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(http.maxConnections()).isEqualTo(ServerConfig.Http.AUTO);
        assertThat(http.maxConnectionsPerAddress()).isEqualTo(1024)
                .as("above the streams per address: over HTTP/1.1 each stream is a connection")
                .isGreaterThan(http.maxStreamsPerAddress());
    }

    @Test
    void trustedProxiesAreAddressesAndRangesOfBothFamilies_rfc4632_rfc4291() throws Exception {
        Path file = dir.resolve("proxies.conf");
        Files.writeString(file, "http {\n  trusted-proxies = [\"127.0.0.1\", \"10.0.0.0/8\", \"fd00::/8\"]\n"
                + "  request-timeout = 5 s\n  max-connections = 5000\n  max-connections-per-address = 0\n}\n");
        ServerConfig.Http http = new ConfigLoader(Map.of(), dir).load(file).http();
        assertThat(http.trustedProxies()).containsExactly("127.0.0.1", "10.0.0.0/8", "fd00::/8");
        assertThat(http.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(http.maxConnections()).isEqualTo(5000);
        assertThat(http.maxConnectionsPerAddress()).isZero();
        // from the environment, as a comma-separated list and a number in a string
        http = new ConfigLoader(Map.of("PUBSUB_HTTP_TRUSTED_PROXIES", "192.0.2.1, 2001:db8::/32",
                "PUBSUB_HTTP_MAX_CONNECTIONS", "0"), dir).load(null).http();
        assertThat(http.trustedProxies()).containsExactly("192.0.2.1", "2001:db8::/32");
        assertThat(http.maxConnections()).isZero();
    }

    /** Issue 17: webhook secrets by node, each publishing as its JID; the body limit; auto-create off by default. */
    @Test
    void publishSecretsAreReadByNode_andTheirNodeNamesAreNotUnknownSettings() throws Exception {
        assertThat(new ConfigLoader(Map.of(), dir).load(null).http().publishing())
                .satisfies(defaults -> {
                    assertThat(defaults.secrets()).isEmpty();
                    assertThat(defaults.maxBody()).isEqualTo(1024 * 1024);
                    assertThat(defaults.autoCreate()).isFalse();
                });
        Path file = dir.resolve("publish.conf");
        Files.writeString(file, "http {\n  publish-secrets {\n    \"ci/builds\" { secret = \"s3cret\", jid = \"bot@example.org\" }\n"
                + "  }\n  publish-max-body = 64 KiB\n  publish-auto-create = true\n}\n");
        ConfigLoader loader = new ConfigLoader(Map.of(), dir);
        var publishing = loader.load(file).http().publishing();
        assertThat(publishing.secrets()).containsOnlyKeys("ci/builds");
        assertThat(publishing.secrets().get("ci/builds").jid()).isEqualTo(new JID("bot@example.org"));
        assertThat(publishing.secrets().get("ci/builds").secret()).isEqualTo("s3cret");
        assertThat(publishing.maxBody()).isEqualTo(64 * 1024);
        assertThat(publishing.autoCreate()).isTrue();
        assertThat(loader.warnings()).isEmpty();
    }

    @Test
    void aPublishSecretWithoutAJidOrWithABadOneIsAnErrorNamingItsLine() throws Exception {
        Path file = dir.resolve("publish-bad.conf");
        Files.writeString(file, "http.publish-secrets {\n  hooks { secret = \"s\" }\n}\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("publish-bad.conf: 2")
                .hasMessageContaining("http.publish-secrets").hasMessageContaining("\"hooks\" needs a secret and a jid");
        Files.writeString(file, "http.publish-secrets {\n  hooks { secret = \"s\", jid = \"a@b@c\" }\n}\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("a@b@c is not a JID");
    }

    @Test
    void aTrustedProxyThatIsNotAnAddressOrRangeIsAnErrorNamingItsLine() throws Exception {
        Path file = dir.resolve("proxy-name.conf");
        Files.writeString(file, "http.trusted-proxies = [\"nginx.internal\"]\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("proxy-name.conf: 1")
                .hasMessageContaining("http.trusted-proxies")
                .hasMessageContaining("'nginx.internal'");
    }

    @Test
    void maxConnectionsThatIsNeitherANumberNorAutoIsAnErrorSayingWhatItTakes() throws Exception {
        Path file = dir.resolve("connections.conf");
        Files.writeString(file, "http.max-connections = lots\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.max-connections").hasMessageContaining("auto");
    }

    @Test
    void theStandbyRetryIsSetFromTheEnvironmentAndMustBeMoreThanZero() throws Exception {
        ServerConfig.Xmpp xmpp = new ConfigLoader(Map.of("PUBSUB_XMPP_STANDBY_RETRY", "500ms"), dir).load(null).xmpp();
        assertThat(xmpp.standbyRetry()).isEqualTo(Duration.ofMillis(500));
        Path file = dir.resolve("standby.conf");
        Files.writeString(file, "xmpp.standby-retry = 0 s\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("standby.conf: 1")
                .hasMessageContaining("xmpp.standby-retry");
    }

    @Test
    void aNegativeRequestTimeoutIsAnError() throws Exception {
        Path file = dir.resolve("timeout.conf");
        Files.writeString(file, "http.request-timeout = -1 s\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.request-timeout");
    }

    @Test
    void theFileOverridesDefaultsAndTheEnvironmentOverridesTheFile() throws Exception {
        Path file = dir.resolve("pubsub.conf");
        Files.writeString(file, "xmpp { secret = fromfile, port = 6000 }\nhttp.port = 8080\n");
        ServerConfig config = new ConfigLoader(Map.of("PUBSUB_XMPP_PORT", "7000",
                "PUBSUB_HTTP_HOSTS", "events.example.org, other.example.org",
                "PUBSUB_HTTP_HEARTBEAT_INTERVAL", "5s",
                "PUBSUB_STORAGE_DATA_DIR", "/var/lib/pubsub"), dir).load(file);
        assertThat(config.xmpp().secret()).isEqualTo("fromfile");
        assertThat(config.xmpp().port()).isEqualTo(7000);
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.http().hosts()).containsExactly("events.example.org", "other.example.org");
        assertThat(config.http().heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.storage().dataDir()).isEqualTo(Path.of("/var/lib/pubsub"));
        assertThat(config.source()).contains("environment overrides").contains("xmpp.port");
    }

    @Test
    void environmentNamesFollowThePath() {
        assertThat(ConfigLoader.environmentName("xmpp.max-stanza-size")).isEqualTo("PUBSUB_XMPP_MAX_STANZA_SIZE");
    }

    @Test
    void anUnparseableFileIsAnErrorNamingFileAndLine() throws Exception {
        Path file = dir.resolve("broken.conf");
        Files.writeString(file, "xmpp {\n  domain = \"pubsub.example.org\"\n  port = = 5347\n}\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("broken.conf")
                .hasMessageContaining(": 3:");
    }

    @Test
    void aWrongTypeIsAnErrorNamingTheSetting() throws Exception {
        Path file = dir.resolve("typed.conf");
        Files.writeString(file, "http.port = eighty\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port")
                .hasMessageContaining("typed.conf: 1");
    }

    @Test
    void aMissingFileIsAnError() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(dir.resolve("nope.conf")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope.conf");
    }

    @Test
    void unknownSettingsAreWarnedAboutWithTheirLine() throws Exception {
        Path file = dir.resolve("typo.conf");
        Files.writeString(file, "xmpp.secret = ok\nxmpp.secrett = typo\n");
        ConfigLoader loader = new ConfigLoader(Map.of(), dir);
        loader.load(file);
        List<String> warnings = loader.warnings();
        assertThat(warnings).singleElement().asString().contains("typo.conf: 2").contains("xmpp.secrett");
    }

    @Test
    void theShippedConfigFileParsesToTheDefaults() throws Exception {
        Path shipped = Path.of("src/main/resources/pubsub-defaults.conf");
        ConfigLoader loader = new ConfigLoader(Map.of(), dir);
        assertThat(loader.load(shipped)).usingRecursiveComparison().ignoringFields("source")
                .isEqualTo(new ConfigLoader(Map.of(), dir).load(null));
        assertThat(loader.warnings()).isEmpty();
    }

    @Test
    void nodeArchivesAreOnWithARetentionOfAHundredThousandItemsAndAreSetFromTheFile_xep0442() throws Exception {
        var shipped = new ConfigLoader(Map.of(), dir).load(null).archive();
        assertThat(shipped).isEqualTo(org.pubsubserver.core.usecase.ArchiveSettings.DEFAULTS);
        Path file = dir.resolve("archive.conf");
        Files.writeString(file, "archive { max-items = 500, max-age = 30d }\n");
        var archive = new ConfigLoader(Map.of("PUBSUB_ARCHIVE_ENABLED", "false"), dir).load(file).archive();
        assertThat(archive.enabled()).isFalse();
        assertThat(archive.maxItems()).isEqualTo(500);
        assertThat(archive.maxAge()).isEqualTo(Duration.ofDays(30));
        Files.writeString(file, "archive.max-items = -1\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("archive.max-items");
    }

    @Test
    void servicePolicyFromTheFile() throws Exception {
        Path file = dir.resolve("service.conf");
        Files.writeString(file, "service { admins = [\"root@example.org/console\"], node-creation = domains,\n"
                + "  node-creation-domains = [example.org], max-nodes-per-user = 5 }\n");
        var policy = new ConfigLoader(Map.of(), dir).load(file).service();
        assertThat(policy.isAdmin(new org.xmpp.packet.JID("root@example.org/other"))).isTrue();
        assertThat(policy.nodeCreation().domains()).containsExactly("example.org");
        assertThat(policy.maxNodesPerUser()).isEqualTo(5);
        assertThat(policy.maxSubscriptionsPerUser()).isZero();
    }

    @Test
    void aBadNodeCreationPolicyIsAnErrorNamingTheSetting() throws Exception {
        Path file = dir.resolve("creation.conf");
        Files.writeString(file, "service.node-creation = everybody\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("creation.conf: 1")
                .hasMessageContaining("service.node-creation");
        Path domains = dir.resolve("domains.conf");
        Files.writeString(domains, "service.node-creation = domains\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(domains))
                .isInstanceOf(ConfigException.class).hasMessageContaining("node-creation-domains");
    }

    @Test
    void tlsNeedsBothTheCertificateAndTheKey() throws Exception {
        Path file = dir.resolve("tls.conf");
        Files.writeString(file, "http.tls-certificate = certs/fullchain.pem\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.tls-key");
        Files.writeString(file, "http { tls-certificate = certs/fullchain.pem, tls-key = certs/privkey.pem }\n");
        var http = new ConfigLoader(Map.of(), dir).load(file).http();
        assertThat(http.tlsCertificate()).isEqualTo(dir.resolve("certs/fullchain.pem").toAbsolutePath().normalize());
        assertThat(http.tlsKey()).isEqualTo(dir.resolve("certs/privkey.pem").toAbsolutePath().normalize());
    }
}
