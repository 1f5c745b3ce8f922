package org.pubsubserver.xmpp.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.config.InvalidConfigException;
import org.pubsubserver.core.event.AffiliationChanged;
import org.pubsubserver.core.event.ItemsPublished;
import org.pubsubserver.core.event.ItemsRetracted;
import org.pubsubserver.core.event.NodeConfigured;
import org.pubsubserver.core.event.NodeDeleted;
import org.pubsubserver.core.event.NodePurged;
import org.pubsubserver.core.event.PubSubEvent;
import org.pubsubserver.core.event.PubSubEventListener;
import org.pubsubserver.core.event.Subscribed;
import org.pubsubserver.core.event.SubscriptionChanged;
import org.pubsubserver.core.event.SubscriptionRequested;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.core.usecase.LastItemsOnPresence;
import org.pubsubserver.xmpp.presence.PresenceTracker;
import org.pubsubserver.xmpp.pubsub.NodeConfigForms;
import org.xmpp.forms.DataForm;
import org.xmpp.packet.JID;

/**
 * The exact bytes of every kind of notification, with names that need escaping: the stanzas on the wire
 * stay what they were when the notifiers moved onto the event visitor and the XML writer. Message ids are
 * random per process; they are replaced by the order in which they first appear, so that the test still
 * shows which messages share an id (the notifications of one event, XEP-0060 §7.1.2.1) and which do not.
 */
class NotificationBytesTest {
    private static final JID SERVICE = new JID("pubsub.shakespeare.lit");
    private static final JID OWNER = new JID("hamlet@denmark.lit");
    private static final JID FRANCISCO = new JID("francisco@denmark.lit");
    private static final JID BERNARDO = new JID("bernardo@denmark.lit/phone");
    private static final String NAME = "musings & <more> 'quoted' \"twice\" \u00e9\u4e2d";
    private static final Item ITEM = new Item(1, 1, "i&1", new JID("hamlet@denmark.lit/e"),
            Instant.parse("2026-01-02T03:04:05Z"),
            "<entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy &amp; more</title></entry>");

    private final List<String> sent = new ArrayList<>();
    private final List<Runnable> scheduled = new ArrayList<>();
    private final PresenceTracker presence = new PresenceTracker();
    private final EventNotifier notifier = new EventNotifier(SERVICE, sent::add, presence,
            (task, delay) -> scheduled.add(task));
    private final List<PubSubEventListener> listeners = List.of(notifier);

    private static Node node(Map<String, String> config) {
        return new Node(1, NAME, OWNER, Instant.EPOCH, NodeConfig.of(config));
    }

    private static SubscriptionOptions options(Map<String, String> fields) {
        try {
            return SubscriptionOptions.defaults().with(fields);
        } catch (InvalidConfigException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Subscription> subscriptions() {
        return List.of(
                new Subscription(NAME, FRANCISCO, "123-abc", SubscriptionState.SUBSCRIBED),
                new Subscription(NAME, BERNARDO, "b<1>", SubscriptionState.SUBSCRIBED,
                        options(Map.of("pubsub#include_body", "true"))),
                new Subscription(NAME, FRANCISCO, "004&yyy", SubscriptionState.SUBSCRIBED),
                new Subscription(NAME, new JID("pending@denmark.lit"), "p-1", SubscriptionState.PENDING),
                new Subscription(NAME, new JID("quiet@denmark.lit"), "q-1", SubscriptionState.SUBSCRIBED,
                        options(Map.of("pubsub#deliver", "false"))));
    }

    private void publish(PubSubEvent event) {
        for (PubSubEventListener listener : listeners) {
            listener.onEvent(event);
        }
    }

    /** The sent stanzas, one a line, each message id replaced by {@code #n}, n counting distinct ids. */
    private String transcript() {
        Map<String, String> ids = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder();
        Pattern id = Pattern.compile(" id='([0-9a-f]{8}-[0-9a-z]+)'");
        for (String stanza : sent) {
            Matcher matcher = id.matcher(stanza);
            StringBuilder line = new StringBuilder();
            while (matcher.find()) {
                String number = ids.computeIfAbsent(matcher.group(1), k -> "#" + (ids.size() + 1));
                matcher.appendReplacement(line, " id='" + number + "'");
            }
            matcher.appendTail(line);
            out.append(line).append('\n');
        }
        sent.clear();
        return out.toString();
    }

    @Test
    void itemNotificationsKeepTheirBytes_7_1_2_1_and_7_1_2_4() {
        publish(new ItemsPublished(node(Map.of("pubsub#itemreply", "publisher")), List.of(ITEM), subscriptions()));
        publish(new ItemsPublished(node(Map.of("pubsub#notification_type", "normal",
                "pubsub#deliver_payloads", "false")), List.of(ITEM), subscriptions()));
        assertThat(transcript()).isEqualTo("""
                <message from='pubsub.shakespeare.lit' type='headline' id='#1' to='francisco@denmark.lit'><event xml\
                ns='http://jabber.org/protocol/pubsub#event'><items node='musings &amp; &lt;more&gt; &apos;quoted&ap\
                os; &quot;twice&quot; \u00e9\u4e2d'><item id='i&amp;1' publisher='hamlet@denmark.lit/e'><entry xmlns\
                ='http://www.w3.org/2005/Atom'><title>Soliloquy &amp; more</title></entry></item></items></event><he\
                aders xmlns='http://jabber.org/protocol/shim'><header name='SubID'>123-abc</header><header name='Sub\
                ID'>004&amp;yyy</header></headers></message>
                <message from='pubsub.shakespeare.lit' type='headline' id='#1' to='bernardo@denmark.lit/phone'><body\
                >Soliloquy &amp; more</body><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='musi\
                ngs &amp; &lt;more&gt; &apos;quoted&apos; &quot;twice&quot; \u00e9\u4e2d'><item id='i&amp;1' publish\
                er='hamlet@denmark.lit/e'><entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy &amp; more</ti\
                tle></entry></item></items></event></message>
                <message from='pubsub.shakespeare.lit' id='#2' to='francisco@denmark.lit'><event xmlns='http://jabbe\
                r.org/protocol/pubsub#event'><items node='musings &amp; &lt;more&gt; &apos;quoted&apos; &quot;twice&\
                quot; \u00e9\u4e2d'><item id='i&amp;1'/></items></event><headers xmlns='http://jabber.org/protocol/s\
                him'><header name='SubID'>123-abc</header><header name='SubID'>004&amp;yyy</header></headers></messa\
                ge>
                <message from='pubsub.shakespeare.lit' id='#2' to='bernardo@denmark.lit/phone'><body>Soliloquy &amp\
                ; more</body><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='musings &amp; &lt;m\
                ore&gt; &apos;quoted&apos; &quot;twice&quot; \u00e9\u4e2d'><item id='i&amp;1'/></items></event></mes\
                sage>
                """);
    }

    @Test
    void retractPurgeConfigureAndDeleteNotificationsKeepTheirBytes_7_2_2_1_8_5_2_8_2_5_3_8_4_2() {
        publish(new ItemsRetracted(node(Map.of()), List.of("i&1", "two"), subscriptions(), true, 3));
        publish(new NodePurged(node(Map.of()), subscriptions(), 4));
        publish(new NodeConfigured(node(Map.of("pubsub#deliver_payloads", "false")), subscriptions(), true));
        Node titled = node(Map.of("pubsub#title", "A <title>"));
        publish(new NodeConfigured(titled, List.of(subscriptions().get(1)), true));
        publish(new NodeDeleted(node(Map.of()), subscriptions(), "xmpp:pubsub.shakespeare.lit?;node=new&'"));
        publish(new NodeDeleted(node(Map.of()), subscriptions()));
        // the new configuration form is dom4j's serialization, inserted as it is
        String form = NodeConfigForms.form(titled.config(), DataForm.Type.result).asXML();
        assertThat(transcript().replace(form, "{form}")).isEqualTo("""
                <message from='pubsub.shakespeare.lit' type='headline' id='#1' to='francisco@denmark.lit'><event xml\
                ns='http://jabber.org/protocol/pubsub#event'><items node='musings &amp; &lt;more&gt; &apos;quoted&ap\
                os; &quot;twice&quot; \u00e9\u4e2d'><retract id='i&amp;1'/><retract id='two'/></items></event><heade\
                rs xmlns='http://jabber.org/protocol/shim'><header name='SubID'>123-abc</header><header name='SubID'\
                >004&amp;yyy</header></headers></message>
                <message from='pubsub.shakespeare.lit' type='headline' id='#1' to='bernardo@denmark.lit/phone'><even\
                t xmlns='http://jabber.org/protocol/pubsub#event'><items node='musings &amp; &lt;more&gt; &apos;quot\
                ed&apos; &quot;twice&quot; \u00e9\u4e2d'><retract id='i&amp;1'/><retract id='two'/></items></event><\
                /message>
                <message from='pubsub.shakespeare.lit' type='headline' id='#2' to='francisco@denmark.lit'><event xml\
                ns='http://jabber.org/protocol/pubsub#event'><purge node='musings &amp; &lt;more&gt; &apos;quoted&ap\
                os; &quot;twice&quot; \u00e9\u4e2d'/></event></message>
                <message from='pubsub.shakespeare.lit' type='headline' id='#2' to='bernardo@denmark.lit/phone'><even\
                t xmlns='http://jabber.org/protocol/pubsub#event'><purge node='musings &amp; &lt;more&gt; &apos;quot\
                ed&apos; &quot;twice&quot; \u00e9\u4e2d'/></event></message>
                <message from='pubsub.shakespeare.lit' type='headline' id='#3' to='francisco@denmark.lit'><event xml\
                ns='http://jabber.org/protocol/pubsub#event'><configuration node='musings &amp; &lt;more&gt; &apos;q\
                uoted&apos; &quot;twice&quot; \u00e9\u4e2d'/></event></message>
                <message from='pubsub.shakespeare.lit' type='headline' id='#3' to='bernardo@denmark.lit/phone'><even\
                t xmlns='http://jabber.org/protocol/pubsub#event'><configuration node='musings &amp; &lt;more&gt; &a\
                pos;quoted&apos; &quot;twice&quot; \u00e9\u4e2d'/></event></message>
                <message from='pubsub.shakespeare.lit' type='headline' id='#4' to='bernardo@denmark.lit/phone'><even\
                t xmlns='http://jabber.org/protocol/pubsub#event'><configuration node='musings &amp; &lt;more&gt; &a\
                pos;quoted&apos; &quot;twice&quot; \u00e9\u4e2d'>{form}</configuration></event></message>
                <message from='pubsub.shakespeare.lit' type='headline' id='#5' to='francisco@denmark.lit'><event xml\
                ns='http://jabber.org/protocol/pubsub#event'><delete node='musings &amp; &lt;more&gt; &apos;quoted&a\
                pos; &quot;twice&quot; \u00e9\u4e2d'><redirect uri='xmpp:pubsub.shakespeare.lit?;node=new&amp;&apos;\
                '/></delete></event></message>
                <message from='pubsub.shakespeare.lit' type='headline' id='#5' to='bernardo@denmark.lit/phone'><even\
                t xmlns='http://jabber.org/protocol/pubsub#event'><delete node='musings &amp; &lt;more&gt; &apos;quo\
                ted&apos; &quot;twice&quot; \u00e9\u4e2d'><redirect uri='xmpp:pubsub.shakespeare.lit?;node=new&amp;&\
                apos;'/></delete></event></message>
                <message from='pubsub.shakespeare.lit' type='headline' id='#5' to='pending@denmark.lit'><event xmlns\
                ='http://jabber.org/protocol/pubsub#event'><delete node='musings &amp; &lt;more&gt; &apos;quoted&apo\
                s; &quot;twice&quot; \u00e9\u4e2d'><redirect uri='xmpp:pubsub.shakespeare.lit?;node=new&amp;&apos;'/\
                ></delete></event></message>
                <message from='pubsub.shakespeare.lit' type='headline' id='#6' to='francisco@denmark.lit'><event xml\
                ns='http://jabber.org/protocol/pubsub#event'><delete node='musings &amp; &lt;more&gt; &apos;quoted&a\
                pos; &quot;twice&quot; \u00e9\u4e2d'/></event></message>
                <message from='pubsub.shakespeare.lit' type='headline' id='#6' to='bernardo@denmark.lit/phone'><even\
                t xmlns='http://jabber.org/protocol/pubsub#event'><delete node='musings &amp; &lt;more&gt; &apos;quo\
                ted&apos; &quot;twice&quot; \u00e9\u4e2d'/></event></message>
                <message from='pubsub.shakespeare.lit' type='headline' id='#6' to='pending@denmark.lit'><event xmlns\
                ='http://jabber.org/protocol/pubsub#event'><delete node='musings &amp; &lt;more&gt; &apos;quoted&apo\
                s; &quot;twice&quot; \u00e9\u4e2d'/></event></message>
                """);
    }

    @Test
    void lastItemsAndDigestsKeepTheirBytes_6_1_7_and_17_4_2() {
        Subscription bernardo = subscriptions().get(1);
        publish(new Subscribed(node(Map.of()), bernardo, ITEM));
        notifier.sendLastItems(new JID("francisco@denmark.lit/home"), List.of(new LastItemsOnPresence.Due(
                node(Map.of()), subscriptions().get(0), ITEM)));
        var digest = options(Map.of("pubsub#digest", "1", "pubsub#include_body", "true"));
        List<Subscription> digested = List.of(new Subscription(NAME, FRANCISCO, "d-1", SubscriptionState.SUBSCRIBED, digest),
                new Subscription(NAME, FRANCISCO, "d-2", SubscriptionState.SUBSCRIBED, digest));
        publish(new ItemsPublished(node(Map.of()), List.of(ITEM), digested));
        scheduled.forEach(Runnable::run);
        assertThat(transcript()).isEqualTo("""
                <message from='pubsub.shakespeare.lit' type='headline' id='#1' to='bernardo@denmark.lit/phone'><body\
                >Soliloquy &amp; more</body><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='musi\
                ngs &amp; &lt;more&gt; &apos;quoted&apos; &quot;twice&quot; \u00e9\u4e2d'><item id='i&amp;1'><entr\
                y xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy &amp; more</title></entry></item></items></ev\
                ent><delay xmlns='urn:xmpp:delay' stamp='2026-01-02T03:04:05Z'/></message>
                <message from='pubsub.shakespeare.lit' type='headline' id='#2' to='francisco@denmark.lit/home'><even\
                t xmlns='http://jabber.org/protocol/pubsub#event'><items node='musings &amp; &lt;more&gt; &apos;quot\
                ed&apos; &quot;twice&quot; \u00e9\u4e2d'><item id='i&amp;1'><entry xmlns='http://www.w3.org/2005/Ato\
                m'><title>Soliloquy &amp; more</title></entry></item></items></event><delay xmlns='urn:xmpp:delay' s\
                tamp='2026-01-02T03:04:05Z'/></message>
                <message from='pubsub.shakespeare.lit' type='headline' id='#3' to='francisco@denmark.lit'><body>Soli\
                loquy &amp; more</body><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='musings &\
                amp; &lt;more&gt; &apos;quoted&apos; &quot;twice&quot; \u00e9\u4e2d'><item id='i&amp;1'><entry xmlns\
                ='http://www.w3.org/2005/Atom'><title>Soliloquy &amp; more</title></entry></item></items></event><he\
                aders xmlns='http://jabber.org/protocol/shim'><header name='SubID'>d-1</header><header name='SubID'>\
                d-2</header></headers></message>
                """);
    }

    @Test
    void subscriptionAndAffiliationMessagesKeepTheirBytes_8_6_and_13_14_and_8_9_4() {
        Subscription pending = new Subscription(NAME, new JID("horatio@denmark.lit/x'y"), "s&1", SubscriptionState.PENDING);
        publish(new SubscriptionRequested(node(Map.of()), pending, List.of(OWNER, new JID("ophelia@denmark.lit"))));
        Subscription approved = new Subscription(NAME, new JID("horatio@denmark.lit/x'y"), "s&1", SubscriptionState.SUBSCRIBED);
        publish(new SubscriptionChanged(node(Map.of()), approved, true, List.of(OWNER)));
        publish(new SubscriptionChanged(node(Map.of()), approved, false, List.of()));
        publish(new AffiliationChanged(node(Map.of()), new JID("horatio@denmark.lit/x'y"), Affiliation.PUBLISHER));
        assertThat(transcript()).isEqualTo("""
                <message from='pubsub.shakespeare.lit' to='hamlet@denmark.lit' id='#1'><body>horatio@denmark.lit ask\
                s to subscribe to the pubsub node musings &amp; &lt;more&gt; &apos;quoted&apos; &quot;twice&quot\
                ; \u00e9\u4e2d. Submit the form with &apos;allow&apos; set to approve, or cleared to deny.</body><\
                x xmlns='jabber:x:data' type='form'><title>PubSub subscriber request</title><instructions>To approv\
                e this entity&apos;s subscription request, click the OK button. To deny the request, click the cance\
                l button.</instructions><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsu\
                b#subscribe_authorization</value></field><field var='pubsub#subid' type='hidden'><value>s&amp;1</val\
                ue></field><field var='pubsub#node' type='text-single' label='Node ID'><value>musings &amp; &lt;more\
                &gt; &apos;quoted&apos; &quot;twice&quot; \u00e9\u4e2d</value></field><field var='pubsub#subscriber_\
                jid' type='jid-single' label='Subscriber Address'><value>horatio@denmark.lit/x&apos;y</value></field\
                ><field var='pubsub#allow' type='boolean' label='Allow this JID to subscribe to this pubsub node?'><\
                value>false</value></field></x></message>
                <message from='pubsub.shakespeare.lit' to='ophelia@denmark.lit' id='#2'><body>horatio@denmark.lit as\
                ks to subscribe to the pubsub node musings &amp; &lt;more&gt; &apos;quoted&apos; &quot;twice&quot\
                ; \u00e9\u4e2d. Submit the form with &apos;allow&apos; set to approve, or cleared to deny.</body><\
                x xmlns='jabber:x:data' type='form'><title>PubSub subscriber request</title><instructions>To approv\
                e this entity&apos;s subscription request, click the OK button. To deny the request, click the cance\
                l button.</instructions><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsu\
                b#subscribe_authorization</value></field><field var='pubsub#subid' type='hidden'><value>s&amp;1</val\
                ue></field><field var='pubsub#node' type='text-single' label='Node ID'><value>musings &amp; &lt;more\
                &gt; &apos;quoted&apos; &quot;twice&quot; \u00e9\u4e2d</value></field><field var='pubsub#subscriber_\
                jid' type='jid-single' label='Subscriber Address'><value>horatio@denmark.lit/x&apos;y</value></field\
                ><field var='pubsub#allow' type='boolean' label='Allow this JID to subscribe to this pubsub node?'><\
                value>false</value></field></x></message>
                <message from='pubsub.shakespeare.lit' to='horatio@denmark.lit/x&apos;y' id='#3'><event xmlns='http:\
                //jabber.org/protocol/pubsub#event'><subscription node='musings &amp; &lt;more&gt; &apos;quoted&apos\
                ; &quot;twice&quot; \u00e9\u4e2d' jid='horatio@denmark.lit/x&apos;y' subscription='subscribed' subid\
                ='s&amp;1'/></event></message>
                <message from='pubsub.shakespeare.lit' to='hamlet@denmark.lit' id='#4'><event xmlns='http://jabber.o\
                rg/protocol/pubsub#event'><subscription node='musings &amp; &lt;more&gt; &apos;quoted&apos; &quot;tw\
                ice&quot; \u00e9\u4e2d' jid='horatio@denmark.lit/x&apos;y' subscription='subscribed' subid='s&amp;1'\
                /></event></message>
                <message from='pubsub.shakespeare.lit' to='horatio@denmark.lit' id='#5'><pubsub xmlns='http://jabber\
                .org/protocol/pubsub'><affiliations node='musings &amp; &lt;more&gt; &apos;quoted&apos; &quot;twice&\
                quot; \u00e9\u4e2d'><affiliation jid='horatio@denmark.lit' affiliation='publisher'/></affiliations><\
                /pubsub></message>
                """);
    }
}
