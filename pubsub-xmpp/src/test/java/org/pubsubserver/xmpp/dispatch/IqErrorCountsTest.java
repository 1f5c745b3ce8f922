package org.pubsubserver.xmpp.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.xmpp.stanza.StanzaErrors;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/** Issue 15: IQ errors answered, counted by their defined condition (RFC 6120 §8.3.3), for pubsub_iq_errors_total. */
class IqErrorCountsTest {
    private final IqErrorCounts counts = new IqErrorCounts();

    private static IQ request() {
        IQ request = new IQ(IQ.Type.get, "q1");
        request.setFrom(new JID("alice@localhost/desk"));
        request.setTo(new JID("pubsub.localhost"));
        request.setChildElement("query", "urn:t");
        return request;
    }

    @Test
    void errorRepliesAreCountedByTheirCondition_rfc6120_8_3_3() {
        counts.count(StanzaErrors.reply(request(), StanzaCondition.ITEM_NOT_FOUND));
        counts.count(StanzaErrors.reply(request(), StanzaCondition.ITEM_NOT_FOUND));
        counts.count(StanzaErrors.reply(request(), StanzaCondition.FORBIDDEN));
        counts.count(IQ.createResultIQ(request()));

        assertThat(counts.count("item-not-found")).isEqualTo(2);
        assertThat(counts.count("forbidden")).isEqualTo(1);
        assertThat(counts.count("service-unavailable")).isZero();
        assertThat(counts.count(IqErrorCounts.OTHER)).isZero();
        assertThat(counts.conditions()).contains("item-not-found", "forbidden", "internal-server-error")
                .endsWith(IqErrorCounts.OTHER);
    }

    @Test
    void anErrorWithoutADefinedConditionCountsAsOther() {
        IQ error = IQ.createResultIQ(request());
        error.setType(IQ.Type.error);
        error.getElement().addElement("error").addAttribute("type", "cancel")
                .addElement("whatever", "urn:not-the-stanzas-namespace");
        counts.count(error);
        assertThat(counts.count(IqErrorCounts.OTHER)).isEqualTo(1);
    }
}
