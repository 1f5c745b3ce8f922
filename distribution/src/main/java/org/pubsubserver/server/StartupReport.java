package org.pubsubserver.server;

import java.net.InetSocketAddress;
import org.pubsubserver.server.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What an admin needs to see at start: where we connect and listen, where the data is, and the XMPP server's config lines. */
final class StartupReport {
    private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);
    static final String DEFAULT_SECRET = "change-me";

    private StartupReport() {
    }

    static void log(ServerConfig config, String storage, InetSocketAddress http, String version) {
        ServerConfig.Xmpp xmpp = config.xmpp();
        LOG.info("pubsub-server {} starting with {}", version, config.source());
        LOG.info("Component {} connecting to the XMPP server at {}:{}", xmpp.domain(), xmpp.host(), xmpp.port());
        LOG.info("Data in {}", storage);
        if (http != null) {
            LOG.info("SSE streams at {}://{}:{}/eventsource/<node> (listening on {}:{})",
                    config.http().tlsCertificate() == null ? "http" : "https", xmpp.domain(),
                    http.getPort(), http.getHostString(), http.getPort());
        } else {
            LOG.info("HTTP is off (http.enabled = false)");
        }
        var service = config.service();
        LOG.info("Admins: {}; node creation: {}{}", service.admins().isEmpty() ? "none (set service.admins)"
                        : service.admins(), service.nodeCreation().who().name().toLowerCase(java.util.Locale.ROOT),
                service.nodeCreation().domains().isEmpty() ? "" : " " + service.nodeCreation().domains());
        if (DEFAULT_SECRET.equals(xmpp.secret())) {
            LOG.warn("xmpp.secret is still the shipped default '{}': set your own in the config file or "
                    + "PUBSUB_XMPP_SECRET, and the same on the XMPP server", DEFAULT_SECRET);
        }
        LOG.info("{}", snippets(xmpp));
    }

    /** The lines to add to Prosody's and ejabberd's configuration for this component. */
    static String snippets(ServerConfig.Xmpp xmpp) {
        String secret = DEFAULT_SECRET.equals(xmpp.secret()) ? xmpp.secret() : "<the value of xmpp.secret>";
        return "To accept this component, add to the XMPP server's configuration:\n"
                + "  Prosody (prosody.cfg.lua; component_ports defaults to { 5347 }):\n"
                + "    component_ports = { " + xmpp.port() + " }\n"
                + "    component_interfaces = { \"" + xmpp.host() + "\" }\n"
                + "    Component \"" + xmpp.domain() + "\"\n"
                + "        component_secret = \"" + secret + "\"\n"
                + "  ejabberd (ejabberd.yml, under listen:):\n"
                + "    -\n"
                + "      port: " + xmpp.port() + "\n"
                + "      ip: \"" + xmpp.host() + "\"\n"
                + "      module: ejabberd_service\n"
                + "      hosts:\n"
                + "        \"" + xmpp.domain() + "\":\n"
                + "          password: \"" + secret + "\"";
    }
}
