package org.pubsubserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaExtensionFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.RemoteCommand;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.pubsub.AccessModel;
import org.jivesoftware.smackx.pubsub.Affiliation;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.Subscription;
import org.jivesoftware.smackx.pubsub.form.FillableConfigureForm;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.FormFieldWithOptions;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.jxmpp.jid.impl.JidCreate;

/**
 * What real clients do with the access models and the owner use cases (XEP-0060 §4.5, §6.1.4, §8.6, §8.7,
 * §8.9): each step through a real XMPP server with Smack.
 */
final class AccessAndApprovalFlows {
    static final String AUTHORIZATION_FORM = "http://jabber.org/protocol/pubsub#subscribe_authorization";
    static final String GET_PENDING = "http://jabber.org/protocol/pubsub#get-pending";

    private AccessAndApprovalFlows() {
    }

    static PubSubManager pubsub(XMPPTCPConnection connection) throws Exception {
        return PubSubManager.getInstanceFor(connection, JidCreate.bareFrom(TestServers.COMPONENT));
    }

    /** Creates a node with the access model, configured through the default-configuration form (§8.3, §8.1.3). */
    static LeafNode createNode(XMPPTCPConnection owner, String name, AccessModel accessModel) throws Exception {
        FillableConfigureForm form = pubsub(owner).getDefaultConfiguration().getFillableForm();
        form.setAccessModel(accessModel);
        pubsub(owner).createNode(name, form);
        return pubsub(owner).getLeafNode(name);
    }

    /** Messages with a data form that reach {@code connection}: authorization requests (§8.6). */
    static BlockingQueue<Message> formMessages(XMPPTCPConnection connection) {
        BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
        connection.addAsyncStanzaListener(stanza -> messages.add((Message) stanza),
                new StanzaExtensionFilter(DataForm.ELEMENT, DataForm.NAMESPACE));
        return messages;
    }

    /** Pubsub event messages that reach {@code connection}, as XML (subscription state changes, §13.14). */
    static BlockingQueue<String> eventMessages(XMPPTCPConnection connection) {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        connection.addAsyncStanzaListener(stanza -> messages.add(stanza.toXML().toString()),
                new StanzaExtensionFilter("event", "http://jabber.org/protocol/pubsub#event"));
        return messages;
    }

    /** The next authorization request, checked against §8.6's form. */
    static DataForm nextAuthorizationForm(BlockingQueue<Message> messages, String node, String subscriber)
            throws InterruptedException {
        Message message = messages.poll(15, TimeUnit.SECONDS);
        assertThat(message).as("an authorization request").isNotNull();
        DataForm form = DataForm.from(message, AUTHORIZATION_FORM);
        assertThat(form).as(message.toXML().toString()).isNotNull();
        assertThat(form.getType()).isEqualTo(DataForm.Type.form);
        assertThat(form.getField("pubsub#node").getFirstValue()).isEqualTo(node);
        assertThat(form.getField("pubsub#subscriber_jid").getFirstValue()).isEqualTo(subscriber);
        assertThat(form.getField("pubsub#allow")).isNotNull();
        return form;
    }

    /** The owner submits the form with pubsub#allow set as §8.6's examples do. */
    static void answer(XMPPTCPConnection owner, DataForm request, boolean allow) throws Exception {
        DataForm submitted = DataForm.builder(DataForm.Type.submit)
                .setFormType(AUTHORIZATION_FORM)
                .addField(FormField.builder("pubsub#subid").setValue(request.getField("pubsub#subid").getFirstValue()).build())
                .addField(FormField.builder("pubsub#node").setValue(request.getField("pubsub#node").getFirstValue()).build())
                .addField(FormField.builder("pubsub#subscriber_jid")
                        .setValue(request.getField("pubsub#subscriber_jid").getFirstValue()).build())
                .addField(FormField.builder("pubsub#allow").setValue(allow ? "true" : "false").build())
                .build();
        owner.sendStanza(owner.getStanzaFactory().buildMessageStanza()
                .to(JidCreate.from(TestServers.COMPONENT))
                .addExtension(submitted)
                .build());
    }

    /** §6.1.4, §8.6: pending, approved by message, told; denied, told. */
    static void approveAndDeny(XMPPTCPConnection alice, XMPPTCPConnection bob, XMPPTCPConnection carol, String node)
            throws Exception {
        BlockingQueue<Message> requests = formMessages(alice);
        BlockingQueue<String> toBob = eventMessages(bob);
        BlockingQueue<String> toCarol = eventMessages(carol);
        createNode(alice, node, AccessModel.authorize);

        Subscription pending = pubsub(bob).getLeafNode(node).subscribe(bob.getUser().asBareJid());
        assertThat(pending.getState()).isEqualTo(Subscription.State.pending);
        // §6.5.9.3: not yet subscribed, so no items
        assertRefused(() -> pubsub(bob).getLeafNode(node).getItems(), StanzaError.Condition.not_authorized);
        answer(alice, nextAuthorizationForm(requests, node, bob.getUser().asBareJid().toString()), true);
        String approved = toBob.poll(15, TimeUnit.SECONDS);
        assertThat(approved).as("bob is told he is subscribed").isNotNull()
                .contains("subscription=").contains("subscribed").contains(node);
        assertThat(pubsub(bob).getLeafNode(node).getItems()).isEmpty();

        pubsub(carol).getLeafNode(node).subscribe(carol.getUser().asBareJid());
        answer(alice, nextAuthorizationForm(requests, node, carol.getUser().asBareJid().toString()), false);
        String denied = toCarol.poll(15, TimeUnit.SECONDS);
        assertThat(denied).as("carol is told she is not subscribed").isNotNull().containsAnyOf("subscription='none'", "subscription=\"none\"");
    }

    /** §8.7: the owner asks for the pending requests with the ad-hoc command and is asked again. */
    static void getPending(XMPPTCPConnection alice, String node, String subscriber, BlockingQueue<Message> requests)
            throws Exception {
        RemoteCommand command = AdHocCommandManager.getAddHocCommandsManager(alice)
                .getRemoteCommand(JidCreate.from(TestServers.COMPONENT), GET_PENDING);
        command.execute();
        DataForm form = command.getForm();
        assertThat(((FormFieldWithOptions) form.getField("pubsub#node")).getOptions())
                .extracting(FormField.Option::getValueString).contains(node);
        FillableForm choice = new FillableForm(form);
        choice.setAnswer("pubsub#node", node);
        command.complete(choice);
        assertThat(command.isCompleted()).isTrue();
        nextAuthorizationForm(requests, node, subscriber);
    }

    /** §4.5 whitelist and §8.9: members are let in, outcasts are put out. */
    static void whitelistAndAffiliations(XMPPTCPConnection alice, XMPPTCPConnection bob, String node) throws Exception {
        LeafNode owned = createNode(alice, node, AccessModel.whitelist);
        // §6.1.3.4: not on the whitelist
        assertRefused(() -> pubsub(bob).getLeafNode(node).subscribe(bob.getUser().asBareJid()),
                StanzaError.Condition.not_allowed);
        owned.modifyAffiliationAsOwner(List.of(new Affiliation(bob.getUser().asBareJid(), Affiliation.Type.member)));
        assertThat(pubsub(bob).getLeafNode(node).subscribe(bob.getUser().asBareJid()).getState())
                .isEqualTo(Subscription.State.subscribed);
        assertThat(owned.getAffiliationsAsOwner()).extracting(a -> a.getJid() + " " + a.getAffiliation())
                .contains(bob.getUser().asBareJid() + " member");
        assertThat(owned.getSubscriptionsAsOwner()).extracting(s -> s.getJid().toString())
                .contains(bob.getUser().asBareJid().toString());
        // an outcast loses its subscription and may not read (§4.1, §6.5.9.10)
        owned.modifyAffiliationAsOwner(List.of(new Affiliation(bob.getUser().asBareJid(), Affiliation.Type.outcast)));
        assertThat(owned.getSubscriptionsAsOwner()).isEmpty();
        assertRefused(() -> pubsub(bob).getLeafNode(node).getItems(), StanzaError.Condition.forbidden);
    }

    /**
     * §4.5 presence and roster, where the XMPP server lets the service read rosters (XEP-0356): bob and
     * alice are contacts (both, group "friends"), carol is not in alice's roster.
     */
    static void presenceAndRosterAccessModels(XMPPTCPConnection alice, XMPPTCPConnection bob, XMPPTCPConnection carol,
                                              String node) throws Exception {
        var info = ServiceDiscoveryManager.getInstanceFor(alice)
                .discoverInfo(JidCreate.domainBareFrom(TestServers.COMPONENT));
        assertThat(info.containsFeature("http://jabber.org/protocol/pubsub#access-presence")).isTrue();
        assertThat(info.containsFeature("http://jabber.org/protocol/pubsub#access-roster")).isTrue();

        createNode(alice, node, AccessModel.presence);
        assertThat(pubsub(bob).getLeafNode(node).subscribe(bob.getUser().asBareJid()).getState())
                .isEqualTo(Subscription.State.subscribed);
        assertThat(pubsub(bob).getLeafNode(node).getItems()).isEmpty();
        // §6.1.3.2, §6.5.9.6
        assertRefused(() -> pubsub(carol).getLeafNode(node).subscribe(carol.getUser().asBareJid()),
                StanzaError.Condition.not_authorized);
        assertRefused(() -> pubsub(carol).getLeafNode(node).getItems(), StanzaError.Condition.not_authorized);

        FillableConfigureForm roster = pubsub(alice).getDefaultConfiguration().getFillableForm();
        roster.setAccessModel(AccessModel.roster);
        roster.setRosterGroupsAllowed(List.of("family"));
        pubsub(alice).createNode(node + "-roster", roster);
        // §6.1.3.3: bob is a contact but not in an allowed group
        assertRefused(() -> pubsub(bob).getLeafNode(node + "-roster").subscribe(bob.getUser().asBareJid()),
                StanzaError.Condition.not_authorized);
        FillableConfigureForm friends = pubsub(alice).getLeafNode(node + "-roster").getNodeConfiguration().getFillableForm();
        friends.setRosterGroupsAllowed(List.of("friends"));
        pubsub(alice).getLeafNode(node + "-roster").sendConfigurationForm(friends);
        assertThat(pubsub(bob).getLeafNode(node + "-roster").subscribe(bob.getUser().asBareJid()).getState())
                .isEqualTo(Subscription.State.subscribed);
    }

    /**
     * §6.1.3.2 on the roster as it is: carol is refused (the service has just read alice's roster), then
     * becomes alice's contact the way clients do it (she asks for alice's presence, alice's client accepts),
     * and subscribes at once. ejabberd 23.01 sends the service no roster push, so only a refusal that reads
     * the roster again lets her in. The roster items are removed again afterwards.
     */
    static void aNewContactIsLetInAtOnce(XMPPTCPConnection alice, XMPPTCPConnection carol, String node) throws Exception {
        createNode(alice, node, AccessModel.presence);
        assertRefused(() -> pubsub(carol).getLeafNode(node).subscribe(carol.getUser().asBareJid()),
                StanzaError.Condition.not_authorized);
        Roster aliceRoster = Roster.getInstanceFor(alice);
        Roster carolRoster = Roster.getInstanceFor(carol);
        aliceRoster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        try {
            carolRoster.sendSubscriptionRequest(alice.getUser().asBareJid());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!sharesPresence(aliceRoster.getEntry(carol.getUser().asBareJid())) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(sharesPresence(aliceRoster.getEntry(carol.getUser().asBareJid())))
                    .as("alice's roster has carol with subscription from").isTrue();
            assertThat(pubsub(carol).getLeafNode(node).subscribe(carol.getUser().asBareJid()).getState())
                    .isEqualTo(Subscription.State.subscribed);
        } finally {
            RosterEntry entry = aliceRoster.getEntry(carol.getUser().asBareJid());
            if (entry != null) {
                aliceRoster.removeEntry(entry);
            }
            RosterEntry back = carolRoster.getEntry(alice.getUser().asBareJid());
            if (back != null) {
                carolRoster.removeEntry(back);
            }
            aliceRoster.setSubscriptionMode(Roster.SubscriptionMode.reject_all);
        }
    }

    private static boolean sharesPresence(RosterEntry entry) {
        return entry != null && (entry.getType() == RosterPacket.ItemType.from || entry.getType() == RosterPacket.ItemType.both);
    }

    /** Where the XMPP server does not grant roster access, presence and roster are neither offered nor accepted. */
    static void presenceAndRosterNotOffered(XMPPTCPConnection alice, String node) throws Exception {
        var info = ServiceDiscoveryManager.getInstanceFor(alice)
                .discoverInfo(JidCreate.domainBareFrom(TestServers.COMPONENT));
        assertThat(info.containsFeature("http://jabber.org/protocol/pubsub#access-presence")).isFalse();
        assertRefused(() -> createNode(alice, node, AccessModel.presence), StanzaError.Condition.not_acceptable);
    }

    interface XmppCall {
        Object call() throws Exception;
    }

    static void assertRefused(XmppCall call, StanzaError.Condition condition) {
        XMPPException.XMPPErrorException error = org.assertj.core.api.Assertions.catchThrowableOfType(
                XMPPException.XMPPErrorException.class, call::call);
        assertThat(error).as("the request should have been refused with " + condition).isNotNull();
        assertThat(error.getStanzaError().getCondition()).isEqualTo(condition);
    }
}
