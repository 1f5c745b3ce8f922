package org.pubsubserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.core.testing.EngineFixture.await;
import static org.pubsubserver.core.testing.EngineFixture.refusal;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.testing.EngineFixture;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.core.usecase.Publish;
import org.xmpp.packet.JID;

/** Issue 15: the engine counts its publish requests by outcome (pubsub_publishes_total). */
class PublishOutcomesTest {
    private static final JID ALICE = new JID("alice@localhost/desk");
    private static final JID BOB = new JID("bob@localhost/phone");

    @Test
    void publishesAreCountedAsPublishedOrByTheirRefusalsCondition() throws Exception {
        try (EngineFixture fixture = new EngineFixture()) {
            PubSubEngine engine = fixture.engine;
            await(engine.createNode(new CreateNode.Request(ALICE, "news")));
            await(engine.publish(new Publish.Request(ALICE, "news", List.of(new NewItem("a", "<e xmlns='urn:t'/>")))));
            await(engine.publish(new Publish.Request(ALICE, "news", List.of(new NewItem("b", "<e xmlns='urn:t'/>")))));
            // bob has no affiliation with a node of publish_model publishers (§7.1.3.1)
            assertThat(refusal(engine.publish(new Publish.Request(BOB, "news",
                    List.of(new NewItem("c", "<e xmlns='urn:t'/>"))))).condition()).isEqualTo(StanzaCondition.FORBIDDEN);

            PublishOutcomes outcomes = engine.publishOutcomes();
            assertThat(outcomes.published()).isEqualTo(2);
            assertThat(outcomes.refused(StanzaCondition.FORBIDDEN)).isEqualTo(1);
            assertThat(outcomes.refused(StanzaCondition.ITEM_NOT_FOUND)).isZero();
            assertThat(outcomes.failed()).isZero();
        }
    }
}
