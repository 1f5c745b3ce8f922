package org.pubsubserver.xmpp;

import io.netty.channel.EventLoopGroup;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.xmpp.privilege.PrivilegedRosters;
import org.pubsubserver.xmpp.link.ComponentLink;
import org.pubsubserver.xmpp.link.ComponentLinkSettings;
import org.pubsubserver.xmpp.stanza.StanzaOutput;
import org.xmpp.packet.JID;

/** The component: the XEP-0114 link to the XMPP server with the {@link XmppSurface} behind it. */
public final class XmppComponent implements AutoCloseable {
    private final ComponentLink link;
    private final XmppSurface surface;

    /** {@code rosters}: the roster reader the engine was given, fed by this component's link. */
    public XmppComponent(ComponentLinkSettings settings, PubSubEngine engine, EventLoopGroup group,
                         String softwareName, String version, PrivilegedRosters rosters, StreamTokens tokens) {
        LinkOutput output = new LinkOutput();
        this.surface = new XmppSurface(new JID(settings.domain()), softwareName, version, engine, output,
                (task, delay) -> group.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS), rosters,
                tokens);
        this.link = new ComponentLink(settings, group, surface.router());
        output.link = link;
    }

    /** Starts notifications and connects (in the background, retrying until {@link #stop()}). */
    public void start() {
        surface.start();
        link.start();
    }

    /** Completes when the link is (next) authenticated with the XMPP server. */
    public CompletableFuture<Void> awaitLinkUp() {
        return link.awaitAuthenticated();
    }

    public boolean isLinkUp() {
        return link.isAuthenticated();
    }

    /** Stops notifications, closes the stream and stops reconnecting. */
    public CompletableFuture<Void> stop() {
        surface.stop();
        return link.stop();
    }

    @Override
    public void close() {
        surface.stop();
        link.close();
    }

    /** Replies and notifications go to the link, which is created after the surface that uses it. */
    private static final class LinkOutput implements StanzaOutput {
        private volatile ComponentLink link;

        @Override
        public boolean send(String xml) {
            ComponentLink current = link;
            return current != null && current.send(xml);
        }

        @Override
        public boolean sendAll(List<String> stanzas) {
            ComponentLink current = link;
            return current != null && current.sendAll(stanzas);
        }
    }
}
