package org.pubsubserver.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;
import org.pubsubserver.core.access.NodeCreationPolicy;
import org.pubsubserver.core.access.ServicePolicy;
import org.pubsubserver.core.usecase.ArchiveSettings;
import org.pubsubserver.http.connection.TrustedProxies;
import org.pubsubserver.http.publish.PublishSettings;
import org.xmpp.packet.JID;
/**
 * Reads the configuration: environment variables ({@code PUBSUB_XMPP_SECRET} for {@code xmpp.secret})
 * over the file over the built-in defaults ({@code pubsub-defaults.conf}, which the distribution also
 * ships as {@code conf/pubsub.conf}). Errors name the file and line.
 */
public final class ConfigLoader {
    public static final String DEFAULTS_RESOURCE = "pubsub-defaults.conf";
    private static final String ENV_PREFIX = "PUBSUB_";

    private final Map<String, String> environment;
    private final Path home;
    private final List<String> warnings = new ArrayList<>();

    /** {@code home} resolves relative paths (the distribution's folder), or null for the working directory. */
    public ConfigLoader(Map<String, String> environment, Path home) {
        this.environment = environment;
        this.home = home;
    }

    /** The distribution's folder, as the launcher passes it ({@code -Dpubsub.home}); null when run otherwise. */
    public static Path homeFolder() {
        String home = System.getProperty("pubsub.home");
        return home == null || home.isEmpty() ? null : Path.of(home);
    }

    /** {@code conf/pubsub.conf} of the distribution where it exists; else null (the defaults). */
    public static Path defaultConfigFile(Path home) {
        if (home == null) {
            return null;
        }
        Path file = home.resolve("conf").resolve("pubsub.conf");
        return Files.isRegularFile(file) ? file : null;
    }

    /** Problems that did not stop loading (unknown settings), one sentence each. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Loads {@code file} (null: the defaults alone). Throws {@link ConfigException} with file and line. */
    public ServerConfig load(Path file) {
        Config defaults = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config fromFile = ConfigFactory.empty();
        String source = "built-in defaults";
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException.Missing(file + " (no such configuration file)");
            }
            fromFile = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            warnUnknown(fromFile, defaults);
            source = file.toAbsolutePath().normalize().toString();
        }
        Config fromEnvironment = environmentOverrides(defaults);
        if (!fromEnvironment.isEmpty()) {
            source += " with environment overrides " + fromEnvironment.root().keySet().stream()
                    .flatMap(k -> fromEnvironment.getConfig(k).entrySet().stream().map(e -> k + "." + e.getKey()))
                    .sorted().toList();
        }
        Config config = fromEnvironment.withFallback(fromFile).withFallback(defaults).resolve();
        config.checkValid(defaults);
        return read(config, source);
    }

    private ServerConfig read(Config c, String source) {
        var xmpp = new ServerConfig.Xmpp(
                c.getString("xmpp.domain"),
                c.getString("xmpp.host"),
                port(c, "xmpp.port"),
                c.getString("xmpp.secret"),
                Math.toIntExact(c.getBytes("xmpp.max-stanza-size")),
                c.getDuration("xmpp.keepalive-interval"),
                c.getDuration("xmpp.initial-backoff"),
                c.getDuration("xmpp.max-backoff"),
                c.getDuration("xmpp.connect-timeout"),
                positiveDuration(c, "xmpp.standby-retry"));
        var http = new ServerConfig.Http(
                c.getBoolean("http.enabled"),
                c.getString("http.bind"),
                port(c, "http.port"),
                c.getStringList("http.hosts"),
                c.getDuration("http.heartbeat-interval"),
                c.getDuration("http.retry"),
                c.getStringList("http.cors-origins"),
                atLeastZero(c, "http.max-streams"),
                atLeastZero(c, "http.max-streams-per-address"),
                c.getDuration("http.token-lifetime"),
                optionalPath(c, "http.tls-certificate"),
                optionalPath(c, "http.tls-key"),
                trustedProxies(c),
                notNegative(c, "http.request-timeout"),
                maxConnections(c),
                atLeastZero(c, "http.max-connections-per-address"),
                publishing(c));
        if ((http.tlsCertificate() == null) != (http.tlsKey() == null)) {
            String missing = http.tlsCertificate() == null ? "http.tls-certificate" : "http.tls-key";
            throw new ConfigException.BadValue(c.getValue(missing).origin(), missing,
                    "TLS needs both http.tls-certificate and http.tls-key");
        }
        Path dataDir = Path.of(c.getString("storage.data-dir"));
        if (!dataDir.isAbsolute() && home != null) {
            dataDir = home.resolve(dataDir);
        }
        String url = c.getString("storage.url").strip();
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new ConfigException.BadValue(c.getValue("storage.url").origin(), "storage.url",
                    "expected empty (the H2 file in storage.data-dir) or a jdbc:postgresql://HOST:PORT/DATABASE URL");
        }
        var storage = new ServerConfig.Storage(dataDir.toAbsolutePath().normalize(), positive(c, "storage.pool-size"),
                url, c.getString("storage.user"), c.getString("storage.password"), c.getBoolean("storage.sync"));
        var engine = new ServerConfig.Engine(positive(c, "engine.lanes"), positive(c, "engine.lane-queue-capacity"),
                c.getDuration("engine.expiry-sweep-interval"));
        var admin = new ServerConfig.Admin(c.getString("admin.bind"), port(c, "admin.port"), c.getString("admin.token"));
        var archive = new ArchiveSettings(c.getBoolean("archive.enabled"), atLeastZero(c, "archive.max-items"),
                notNegative(c, "archive.max-age"));
        return new ServerConfig(xmpp, http, storage, service(c), engine, admin, archive, source);
    }

    private static ServicePolicy service(Config c) {
        Set<JID> admins = new LinkedHashSet<>();
        for (String admin : c.getStringList("service.admins")) {
            try {
                admins.add(new JID(admin).asBareJID());
            } catch (IllegalArgumentException e) {
                throw new ConfigException.BadValue(c.getValue("service.admins").origin(), "service.admins",
                        "'" + admin + "' is not a JID");
            }
        }
        String who = c.getString("service.node-creation");
        NodeCreationPolicy.Who creation = switch (who) {
            case "anyone" -> NodeCreationPolicy.Who.ANYONE;
            case "domains" -> NodeCreationPolicy.Who.DOMAINS;
            case "admins" -> NodeCreationPolicy.Who.ADMINS;
            default -> throw new ConfigException.BadValue(c.getValue("service.node-creation").origin(),
                    "service.node-creation", "is \"anyone\", \"domains\" or \"admins\", not \"" + who + "\"");
        };
        List<String> domains = c.getStringList("service.node-creation-domains");
        if (creation == NodeCreationPolicy.Who.DOMAINS && domains.isEmpty()) {
            throw new ConfigException.BadValue(c.getValue("service.node-creation-domains").origin(),
                    "service.node-creation-domains", "needs at least one domain when node-creation is \"domains\"");
        }
        return new ServicePolicy(admins, new NodeCreationPolicy(creation, domains),
                atLeastZero(c, "service.max-nodes-per-user"), atLeastZero(c, "service.max-subscriptions-per-user"));
    }

    /** http.publish-*: each secret's node, secret and JID checked here, so a mistake stops the start with its line. */
    private static PublishSettings publishing(Config c) {
        String path = "http.publish-secrets";
        Map<String, PublishSettings.NodeSecret> secrets = new LinkedHashMap<>();
        ConfigObject nodes = c.getObject(path);
        for (String node : nodes.keySet()) {
            ConfigValue entry = nodes.get(node);
            if (!(entry instanceof ConfigObject object)) {
                throw new ConfigException.BadValue(entry.origin(), path, "\"" + node
                        + "\" needs { secret = \"...\", jid = \"publisher@example.org\" }");
            }
            Config one = object.toConfig();
            if (!one.hasPath("secret") || !one.hasPath("jid") || one.getString("secret").isEmpty()) {
                throw new ConfigException.BadValue(entry.origin(), path, "\"" + node
                        + "\" needs a secret and a jid: { secret = \"...\", jid = \"publisher@example.org\" }");
            }
            JID jid;
            try {
                jid = new JID(one.getString("jid"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException.BadValue(entry.origin(), path, "\"" + node + "\": "
                        + one.getString("jid") + " is not a JID");
            }
            secrets.put(node, new PublishSettings.NodeSecret(one.getString("secret"), jid));
        }
        long maxBody = c.getBytes("http.publish-max-body");
        if (maxBody < 1 || maxBody > Integer.MAX_VALUE - 1024) {
            throw new ConfigException.BadValue(c.getValue("http.publish-max-body").origin(), "http.publish-max-body",
                    "between 1 byte and 2 GiB");
        }
        return new PublishSettings(secrets, (int) maxBody, c.getBoolean("http.publish-auto-create"));
    }

    /** Addresses and CIDR ranges; an entry that is neither is an error naming it. */
    private static List<String> trustedProxies(Config c) {
        List<String> entries = c.getStringList("http.trusted-proxies");
        try {
            TrustedProxies.parse(entries);
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(c.getValue("http.trusted-proxies").origin(), "http.trusted-proxies",
                    e.getMessage());
        }
        return entries;
    }

    /** A number, or {@code auto}: a limit derived from the open-files limit where the server runs. */
    private static int maxConnections(Config c) {
        String path = "http.max-connections";
        if (c.getValue(path).valueType() == ConfigValueType.STRING && c.getString(path).trim().equals("auto")) {
            return ServerConfig.Http.AUTO;
        }
        try {
            return atLeastZero(c, path);
        } catch (ConfigException.WrongType e) {
            throw new ConfigException.BadValue(c.getValue(path).origin(), path,
                    "is a number (0: no limit) or \"auto\", not " + c.getValue(path).render());
        }
    }

    private static Duration positiveDuration(Config c, String path) {
        Duration value = c.getDuration(path);
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException.BadValue(c.getValue(path).origin(), path, "must be more than 0, not " + value);
        }
        return value;
    }

    private static Duration notNegative(Config c, String path) {
        Duration value = c.getDuration(path);
        if (value.isNegative()) {
            throw new ConfigException.BadValue(c.getValue(path).origin(), path, "must be 0 (none) or more, not " + value);
        }
        return value;
    }

    private static int atLeastZero(Config c, String path) {
        int value = c.getInt(path);
        if (value < 0) {
            throw new ConfigException.BadValue(c.getValue(path).origin(), path, "must be 0 (no limit) or more, not " + value);
        }
        return value;
    }

    /** A file path, resolved against the distribution's folder; null when the setting is empty. */
    private Path optionalPath(Config c, String path) {
        String value = c.getString(path);
        if (value.isBlank()) {
            return null;
        }
        Path file = Path.of(value);
        if (!file.isAbsolute() && home != null) {
            file = home.resolve(file);
        }
        return file.toAbsolutePath().normalize();
    }

    private static int port(Config c, String path) {
        int port = c.getInt(path);
        if (port < 0 || port > 65535) {
            throw new ConfigException.BadValue(c.origin(), path, "a port is 0..65535, not " + port);
        }
        return port;
    }

    private static int positive(Config c, String path) {
        int value = c.getInt(path);
        if (value < 1) {
            throw new ConfigException.BadValue(c.getValue(path).origin(), path, "must be at least 1, not " + value);
        }
        return value;
    }

    /** PUBSUB_HTTP_PORT=8080 sets http.port; only settings that exist in the defaults are looked for. */
    private Config environmentOverrides(Config defaults) {
        Config overrides = ConfigFactory.empty();
        for (Entry<String, ConfigValue> setting : defaults.entrySet()) {
            String path = setting.getKey();
            String value = environment.get(environmentName(path));
            if (value == null) {
                continue;
            }
            Object typed = switch (setting.getValue().valueType()) {
                case LIST -> value.isBlank() ? List.of() : Arrays.stream(value.split(",")).map(String::trim).toList();
                default -> value;
            };
            overrides = overrides.withValue(path,
                    ConfigValueFactory.fromAnyRef(typed, "environment variable " + environmentName(path)));
        }
        return overrides;
    }

    /** The environment variable of a setting: {@code xmpp.max-stanza-size} is {@code PUBSUB_XMPP_MAX_STANZA_SIZE}. */
    public static String environmentName(String path) {
        return ENV_PREFIX + path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Settings whose keys are the operator's own (node names), under which nothing is unknown. */
    private static final List<String> OPEN_SECTIONS = List.of("http.publish-secrets.");

    private void warnUnknown(Config fromFile, Config defaults) {
        for (Entry<String, ConfigValue> setting : fromFile.entrySet()) {
            if (!defaults.hasPathOrNull(setting.getKey())
                    && OPEN_SECTIONS.stream().noneMatch(setting.getKey()::startsWith)) {
                warnings.add(setting.getValue().origin().description() + ": unknown setting '" + setting.getKey()
                        + "' is ignored (check its spelling against the documented settings)");
            }
        }
    }
}
