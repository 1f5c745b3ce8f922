package org.pubsubserver.xmpp.presence;

import static org.assertj.core.api.Assertions.assertThat;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.JID;

/** Directed presence to the component (RFC 6121 §4.6): available resources and their show values. */
class PresenceTrackerTest {
    private final PresenceTracker tracker = new PresenceTracker();

    private boolean presence(String xml) throws Exception {
        Element stanza = DocumentHelper.parseText(xml).getRootElement();
        return tracker.update(stanza);
    }

    @Test
    void resourcesComeAndGoWithTheirShow() throws Exception {
        JID bare = new JID("bob@localhost");
        assertThat(tracker.isKnown(bare)).isFalse();
        assertThat(presence("<presence from='bob@localhost/phone' to='pubsub.localhost'/>")).isTrue();
        assertThat(presence("<presence from='bob@localhost/phone' to='pubsub.localhost'><show>away</show></presence>"))
                .as("already available").isFalse();
        assertThat(presence("<presence from='bob@localhost/desk' to='pubsub.localhost'><show>dnd</show></presence>")).isTrue();
        assertThat(tracker.shows(bare)).containsExactlyInAnyOrder("away", "dnd");
        assertThat(tracker.shows(new JID("bob@localhost/phone"))).containsExactly("away");
        assertThat(tracker.isAvailable(new JID("bob@localhost/laptop"))).isFalse();
        assertThat(tracker.apply(DocumentHelper.parseText("<presence from='bob@localhost/phone' type='unavailable'/>")
                .getRootElement())).isEqualTo(PresenceTracker.Change.WENT_OFFLINE);
        assertThat(tracker.apply(DocumentHelper.parseText("<presence from='bob@localhost/phone' type='unavailable'/>")
                .getRootElement())).as("already gone").isEqualTo(PresenceTracker.Change.NOTHING);
        presence("<presence from='bob@localhost/desk' type='unavailable'/>");
        assertThat(tracker.isAvailable(bare)).isFalse();
        assertThat(tracker.isKnown(bare)).isFalse();
    }

    @Test
    void subscriptionManagementAndBadAddressesAreIgnored() throws Exception {
        assertThat(presence("<presence from='bob@localhost/phone' type='subscribe'/>")).isFalse();
        assertThat(presence("<presence from='not a jid@@'/>")).isFalse();
        assertThat(presence("<presence/>")).isFalse();
        assertThat(tracker.isKnown(new JID("bob@localhost"))).isFalse();
    }
}
