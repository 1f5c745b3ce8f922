package org.pubsubserver.xmpp.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dom4j.DocumentHelper;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.cluster.SharedPresence;
import org.xmpp.packet.JID;

/**
 * Issue 14: presence reaches one instance (the link the XMPP server picked); each tells the others what it saw, and
 * takes in what they saw, so that presence-based delivery from any instance knows every resource.
 */
class SharedPresenceTrackerTest {
    private final List<String> told = new ArrayList<>();
    private final PresenceTracker tracker = new PresenceTracker(new SharedPresence() {
        @Override
        public void changed(String bareJid, String resource, String show) {
            told.add(bareJid + "/" + resource + "=" + show);
        }

        @Override
        public void start(Receiver receiver) {
        }
    });

    private void presence(String xml) throws Exception {
        tracker.apply(DocumentHelper.parseText(xml).getRootElement());
    }

    @Test
    void whatThisInstanceSeesChangeIsToldOnceAndNothingElse() throws Exception {
        presence("<presence from='bob@localhost/phone'/>");
        presence("<presence from='bob@localhost/phone'/>");
        presence("<presence from='bob@localhost/phone'><show>away</show></presence>");
        presence("<presence from='bob@localhost/phone' type='subscribe'/>");
        presence("<presence from='bob@localhost/phone' type='unavailable'/>");
        presence("<presence from='bob@localhost/phone' type='unavailable'/>");
        assertThat(told).containsExactly("bob@localhost/phone=online", "bob@localhost/phone=away",
                "bob@localhost/phone=null");
    }

    @Test
    void whatOtherInstancesSawReplacesWhatWasKnownOfThatJid() throws Exception {
        presence("<presence from='bob@localhost/phone'/>");
        tracker.presenceOf("bob@localhost", Map.of("desk", "dnd"));
        assertThat(tracker.shows(new JID("bob@localhost"))).containsExactly("dnd");
        assertThat(tracker.isAvailable(new JID("bob@localhost/phone"))).isFalse();
        tracker.presenceOf("bob@localhost", Map.of());
        assertThat(tracker.isKnown(new JID("bob@localhost"))).isFalse();

        presence("<presence from='carol@localhost/laptop'/>");
        tracker.allPresence(Map.of("alice@localhost", Map.of("home", "online")));
        assertThat(tracker.isAvailable(new JID("alice@localhost/home"))).isTrue();
        assertThat(tracker.isKnown(new JID("carol@localhost"))).as("not in the store's picture").isFalse();
        assertThat(told).as("taking in is not telling").containsExactly("bob@localhost/phone=online",
                "carol@localhost/laptop=online");
    }
}
