package org.pubsubserver.xmpp.privilege;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import org.dom4j.Element;
import org.dom4j.QName;
import org.pubsubserver.core.access.Roster;
import org.pubsubserver.core.access.RosterSource;
import org.pubsubserver.core.cluster.StanzaRelay;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.xmpp.dispatch.IqHandler;
import org.pubsubserver.xmpp.stanza.Payloads;
import org.pubsubserver.xmpp.stanza.StanzaOutput;
import org.pubsubserver.xmpp.stream.XmlEscaper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/**
 * Owners' rosters read through XEP-0356 (Privileged Entity). The XMPP server the component is attached to
 * tells it after the handshake which permissions it has (a {@code <privilege/>} message, §2.2; ejabberd
 * sends {@code urn:xmpp:privilege:1}, the XEP now {@code :2}); only a message from the component's parent
 * domain counts. With roster "get" or "both" the component may ask for the roster of any user of that
 * server (§2.3): the answer must come from that user's address. Rosters are cached for a minute (one that
 * could not be read, as empty, for ten seconds); a cached roster admits, while a refusal reads it again
 * first (see AccessControl), since a server may send no roster pushes (ejabberd 23.01 sends none). A roster
 * push (§2.4) drops the owner's copy, also one being fetched. Nothing here waits: {@link #fetch} completes
 * when the answers have come.
 *
 * <p>Several instances on one store: an XMPP server that spreads the component's stanzas over their links (ejabberd)
 * tells one of them of the privileges, and may hand a roster answer or push to another than the one that asked. Each
 * of these is relayed to the other instances ({@link StanzaRelay}), which take it as if it had come over their link.
 */
public final class PrivilegedRosters implements RosterSource, IqHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PrivilegedRosters.class);
    public static final String ROSTER = "jabber:iq:roster";
    private static final Set<String> PRIVILEGE_NAMESPACES = Set.of("urn:xmpp:privilege:1", "urn:xmpp:privilege:2");
    private static final Duration CACHE_FOR = Duration.ofMinutes(1);
    private static final Duration UNREADABLE_FOR = Duration.ofSeconds(10);
    private static final Roster NOBODY = new Roster(Map.of());

    private record Cached(Roster roster, Instant until) {
    }

    private final String serviceJid;
    private final String serverDomain;
    private final Clock clock;
    private final OutboundIqs iqs;
    private final StanzaRelay relay;
    private final Set<String> rosterDomains = new CopyOnWriteArraySet<>();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Bumped by each roster push, so a fetch that started before the push does not store the old roster. */
    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();

    /**
     * {@code output}: where the roster requests go (the component link); their answers come to {@link #onIqResponse}.
     * {@code relay}: to the other instances on the store, {@link StanzaRelay#ALONE} for none; what they relay comes to
     * {@link #onRelayed}.
     */
    public PrivilegedRosters(JID serviceJid, Clock clock, StanzaOutput output, StanzaRelay relay) {
        this.serviceJid = serviceJid.toString();
        String domain = serviceJid.getDomain();
        this.serverDomain = domain.contains(".") ? domain.substring(domain.indexOf('.') + 1) : domain;
        this.clock = clock;
        this.iqs = new OutboundIqs(output, Duration.ofSeconds(5));
        this.relay = relay;
    }

    @Override
    public boolean available() {
        return !rosterDomains.isEmpty();
    }

    @Override
    public Optional<Roster> cached(JID owner) {
        if (!rosterDomains.contains(owner.getDomain())) {
            return Optional.of(NOBODY); // a user of another server: its roster is not ours to read
        }
        Cached cached = cache.get(owner.toBareJID());
        return cached != null && cached.until().isAfter(clock.instant()) ? Optional.of(cached.roster()) : Optional.empty();
    }

    @Override
    public boolean canRead(JID owner) {
        return rosterDomains.contains(owner.getDomain());
    }

    @Override
    public CompletableFuture<Void> fetch(Collection<JID> owners) {
        return CompletableFuture.allOf(owners.stream().map(this::fetchOne).toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> fetchOne(JID owner) {
        String bare = owner.toBareJID();
        long generation = generation(bare).get();
        return iqs.send(owner.asBareJID(), id -> "<iq type='get' id='" + id + "' from='"
                        + XmlEscaper.escape(serviceJid) + "' to='" + XmlEscaper.escape(bare) + "'><query xmlns='"
                        + ROSTER + "'/></iq>")
                .handle((iq, failure) -> {
                    Cached read;
                    if (failure != null) {
                        LOG.warn("No roster of {} from the XMPP server ({}); its presence and roster nodes admit nobody"
                                + " for now", bare, failure.toString());
                        read = new Cached(NOBODY, clock.instant().plus(UNREADABLE_FOR));
                    } else if (!"result".equals(iq.attributeValue("type"))) {
                        Element error = iq.element("error");
                        LOG.warn("The XMPP server refused the roster of {}: {}; check that it grants this component"
                                + " roster access (XEP-0356)", bare, error == null ? iq.asXML() : error.asXML());
                        read = new Cached(NOBODY, clock.instant().plus(UNREADABLE_FOR));
                    } else {
                        read = new Cached(parse(iq.element(QName.get("query", ROSTER))), clock.instant().plus(CACHE_FOR));
                    }
                    if (generation(bare).get() == generation) {
                        cache.put(bare, read);
                    }
                    return null;
                });
    }

    private AtomicLong generation(String bare) {
        return generations.computeIfAbsent(bare, b -> new AtomicLong());
    }

    private static Roster parse(Element query) {
        Map<String, Roster.Contact> contacts = new HashMap<>();
        if (query != null) {
            for (Element item : query.elements("item")) {
                Set<String> groups = new HashSet<>();
                for (Element group : item.elements("group")) {
                    groups.add(group.getTextTrim());
                }
                try {
                    contacts.put(new JID(item.attributeValue("jid")).toBareJID(),
                            new Roster.Contact(item.attributeValue("subscription", "none"), groups));
                } catch (IllegalArgumentException | NullPointerException e) {
                    // an item without a valid JID admits nobody
                }
            }
        }
        return new Roster(contacts);
    }

    /** Takes the server's privilege advertisement (and relays it); false when the message is not one. */
    public boolean onMessage(Element message) {
        return takePrivileges(message, true);
    }

    private boolean takePrivileges(Element message, boolean relayed) {
        Element privilege = null;
        for (Element child : message.elements()) {
            if ("privilege".equals(child.getName()) && PRIVILEGE_NAMESPACES.contains(child.getNamespaceURI())) {
                privilege = child;
            }
        }
        if (privilege == null) {
            return false;
        }
        String from = message.attributeValue("from");
        if (!serverDomain.equals(from)) {
            LOG.warn("Ignoring a XEP-0356 privilege message from {}: only the XMPP server of {} may grant privileges",
                    from, serviceJid);
            return true;
        }
        if (relayed) {
            relay.relay(message.asXML());
        }
        boolean rosterGet = false;
        boolean pushes = false;
        for (Element perm : privilege.elements("perm")) {
            String type = perm.attributeValue("type");
            if ("roster".equals(perm.attributeValue("access")) && ("get".equals(type) || "both".equals(type))) {
                rosterGet = true;
                // XEP-0356 0.4 makes an omitted push mean true, but servers that omit it (ejabberd 23.01,
                // urn:xmpp:privilege:1) send none: only push='true' is taken to say pushes will come
                pushes = "true".equals(perm.attributeValue("push"));
            }
        }
        cache.clear();
        if (rosterGet) {
            rosterDomains.add(serverDomain);
            LOG.info("{} lets this service read its users' rosters (XEP-0356): the presence and roster access"
                    + " models are offered ({})", serverDomain, pushes ? "with roster pushes"
                    : "without roster pushes: a cached roster admits for up to a minute, a refusal reads it again");
        } else {
            rosterDomains.remove(serverDomain);
            LOG.info("{} does not let this service read rosters: the presence and roster access models are not"
                    + " offered (grant roster 'get' with mod_privilege)", serverDomain);
        }
        return true;
    }

    /**
     * An answer to a roster request of this instance's, or, relayed to the others, one that may be of another
     * instance's; false when it answers none.
     */
    public boolean onIqResponse(Element iq) {
        if (iqs.complete(iq)) {
            return true;
        }
        if (OutboundIqs.mayBeAnswer(iq)) {
            relay.relay(iq.asXML());
            return true;
        }
        return false;
    }

    /** A stanza another instance relayed: a privilege advertisement, a roster push or an answer to a roster request. */
    public void onRelayed(String stanza) {
        Element element = Payloads.parse(stanza);
        if (element == null) {
            return;
        }
        if ("message".equals(element.getName())) {
            takePrivileges(element, false);
        } else if ("iq".equals(element.getName()) && "set".equals(element.attributeValue("type"))) {
            dropPushed(element.attributeValue("from"));
        } else if ("iq".equals(element.getName())) {
            iqs.complete(element);
        }
    }

    /** A roster push (XEP-0356 §2.4): the owner's roster changed; the cached copy goes, the push is acknowledged. */
    @Override
    public CompletionStage<IQ> handle(IQ push) {
        JID from = push.getFrom();
        if (from == null || from.getNode() == null || !rosterDomains.contains(from.getDomain())) {
            throw PubSubException.of(StanzaCondition.SERVICE_UNAVAILABLE, "not a roster push");
        }
        dropPushed(from.toBareJID());
        relay.relay(push.toXML());
        return CompletableFuture.completedFuture(IQ.createResultIQ(push));
    }

    private void dropPushed(String owner) {
        JID from;
        try {
            from = new JID(owner);
        } catch (IllegalArgumentException | NullPointerException e) {
            return;
        }
        if (from.getNode() == null || !rosterDomains.contains(from.getDomain())) {
            return;
        }
        generation(from.toBareJID()).incrementAndGet();
        cache.remove(from.toBareJID());
    }
}
