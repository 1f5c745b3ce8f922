package org.pubsubserver.xmpp.privilege;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.dom4j.QName;
import org.pubsubserver.core.access.Roster;
import org.pubsubserver.core.access.RosterSource;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.xmpp.dispatch.IqHandler;
import org.pubsubserver.xmpp.stanza.StanzaOutput;
import org.pubsubserver.xmpp.stream.XmlEscaper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/**
 * Owners' rosters read through XEP-0356 (Privileged Entity): the XMPP server tells the component after the
 * handshake which permissions it has (a {@code <privilege/>} message, §2.2; ejabberd sends
 * {@code urn:xmpp:privilege:1}, the XEP now {@code :2}); with roster "get" or "both" the component may ask
 * for the roster of any user of that server (§2.3), and the server pushes roster changes (§2.4), which
 * drop the cached copy. Rosters are cached for a minute. {@link #rosterOf} blocks its caller (an engine
 * lane) until the answer comes, for at most the IQ timeout.
 */
public final class PrivilegedRosters implements RosterSource, IqHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PrivilegedRosters.class);
    public static final String ROSTER = "jabber:iq:roster";
    private static final Set<String> PRIVILEGE_NAMESPACES = Set.of("urn:xmpp:privilege:1", "urn:xmpp:privilege:2");
    private static final Duration CACHE_FOR = Duration.ofMinutes(1);

    private record Cached(Roster roster, Instant fetched) {
    }

    private final String serviceJid;
    private final Clock clock;
    private final OutboundIqs iqs = new OutboundIqs(Duration.ofSeconds(5));
    private final Set<String> rosterDomains = new CopyOnWriteArraySet<>();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile StanzaOutput output;

    public PrivilegedRosters(JID serviceJid, Clock clock) {
        this.serviceJid = serviceJid.toString();
        this.clock = clock;
    }

    /** Where the roster requests go: the link, known only once it is built. */
    public void attach(StanzaOutput output) {
        this.output = output;
    }

    @Override
    public boolean available() {
        return !rosterDomains.isEmpty();
    }

    @Override
    public Optional<Roster> rosterOf(JID owner) {
        String domain = owner.getDomain();
        if (!rosterDomains.contains(domain)) {
            return Optional.empty(); // a user of another server: its roster is not ours to read
        }
        String bare = owner.toBareJID();
        Cached cached = cache.get(bare);
        if (cached != null && cached.fetched().plus(CACHE_FOR).isAfter(clock.instant())) {
            return Optional.of(cached.roster());
        }
        CompletableFuture<Element> answer = iqs.send(output, id -> "<iq type='get' id='" + id + "' from='"
                + XmlEscaper.escape(serviceJid) + "' to='" + XmlEscaper.escape(bare) + "'><query xmlns='" + ROSTER
                + "'/></iq>");
        try {
            Element iq = answer.get(6, TimeUnit.SECONDS);
            if (!"result".equals(iq.attributeValue("type"))) {
                LOG.warn("The XMPP server refused the roster of {}: {}; the presence and roster access models"
                        + " refuse everyone on that owner's nodes", bare, iq.element("error") == null ? iq.asXML()
                        : iq.element("error").asXML());
                return Optional.empty();
            }
            Roster roster = parse(iq.element(QName.get("query", ROSTER)));
            cache.put(bare, new Cached(roster, clock.instant()));
            return Optional.of(roster);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            LOG.warn("No roster of {} from the XMPP server ({}); refusing for now", bare, e.toString());
            return Optional.empty();
        }
    }

    private static Roster parse(Element query) {
        Map<String, Roster.Contact> contacts = new HashMap<>();
        if (query != null) {
            for (Element item : query.elements("item")) {
                Set<String> groups = new HashSet<>();
                for (Element group : item.elements("group")) {
                    groups.add(group.getTextTrim());
                }
                String jid = item.attributeValue("jid");
                if (jid != null) {
                    contacts.put(new JID(jid).toBareJID(), new Roster.Contact(item.attributeValue("subscription", "none"),
                            groups));
                }
            }
        }
        return new Roster(contacts);
    }

    /** Takes the server's privilege advertisement; false when the message is not one. */
    public boolean onMessage(Element message) {
        Element privilege = null;
        for (Element child : message.elements()) {
            if ("privilege".equals(child.getName()) && PRIVILEGE_NAMESPACES.contains(child.getNamespaceURI())) {
                privilege = child;
            }
        }
        String from = message.attributeValue("from");
        if (privilege == null || from == null || from.contains("@")) {
            return false;
        }
        String domain = new JID(from).getDomain();
        boolean rosterGet = false;
        for (Element perm : privilege.elements("perm")) {
            String type = perm.attributeValue("type");
            if ("roster".equals(perm.attributeValue("access")) && ("get".equals(type) || "both".equals(type))) {
                rosterGet = true;
            }
        }
        if (rosterGet) {
            rosterDomains.add(domain);
            LOG.info("{} lets this service read its users' rosters (XEP-0356): the presence and roster access"
                    + " models are offered", domain);
        } else {
            rosterDomains.remove(domain);
            LOG.info("{} does not let this service read rosters: the presence and roster access models are not"
                    + " offered (grant roster 'get' with mod_privilege)", domain);
        }
        cache.clear();
        return true;
    }

    /** An answer to a roster request of ours; false when it answers none. */
    public boolean onIqResponse(Element iq) {
        return iqs.complete(iq);
    }

    /** A roster push (XEP-0356 §2.4): the owner's roster changed; the cached copy goes, the push is acknowledged. */
    @Override
    public CompletionStage<IQ> handle(IQ push) {
        JID from = push.getFrom();
        if (from == null || from.getNode() == null || !rosterDomains.contains(from.getDomain())) {
            throw PubSubException.of(StanzaCondition.SERVICE_UNAVAILABLE, "not a roster push");
        }
        cache.remove(from.toBareJID());
        return CompletableFuture.completedFuture(IQ.createResultIQ(push));
    }
}
