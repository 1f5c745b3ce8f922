package org.pubsubserver.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.core.testing.EngineFixture.await;
import static org.pubsubserver.core.testing.EngineFixture.refusal;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.access.NodeCreationPolicy.Who;
import org.pubsubserver.core.error.ErrorType;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.testing.EngineFixture;
import org.pubsubserver.core.usecase.ConfigureNode;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.core.usecase.DeleteNode;
import org.pubsubserver.core.usecase.Publish;
import org.pubsubserver.core.usecase.Subscribe;
import org.pubsubserver.core.usecase.Unsubscribe;
import org.xmpp.packet.JID;

/** Service administration: admins, the node-creation policy (§8.1.1) and per-user limits. */
class ServicePolicyTest {
    private static final JID ADMIN = new JID("root@example.org/console");
    private static final JID ALICE = new JID("alice@example.org/desk");
    private static final JID BOB = new JID("bob@example.org/phone");
    private static final JID STRANGER = new JID("eve@elsewhere.net/x");

    private static ServicePolicy policy(NodeCreationPolicy creation, int nodes, int subscriptions) {
        return new ServicePolicy(Set.of(ADMIN), creation, nodes, subscriptions);
    }

    @Test
    void anAdminHasOwnerRightsOnEveryNode_4_1_and_6_1_3_1() throws Exception {
        try (var fixture = new EngineFixture(policy(NodeCreationPolicy.anyone(), 0, 0))) {
            await(fixture.engine.createNode(new CreateNode.Request(ALICE, "news")));
            await(fixture.engine.configureNode(new ConfigureNode.Request(ADMIN, "news", null)));
            // an admin may subscribe another entity (§6.1.3.1 "admin or proxy privilege")
            await(fixture.engine.subscribe(new Subscribe.Request(ADMIN, "news", BOB)));
            await(fixture.engine.unsubscribe(new Unsubscribe.Request(ADMIN, "news", BOB, null)));
            // an ordinary user may do neither (§6.1.3.1, §6.2.3.3)
            assertThat(refusal(fixture.engine.unsubscribe(new Unsubscribe.Request(ALICE, "news", BOB, null))).condition())
                    .isEqualTo(StanzaCondition.FORBIDDEN);
            await(fixture.engine.deleteNode(new DeleteNode.Request(ADMIN, "news")));
            assertThat(await(fixture.engine.findNode("news"))).isEmpty();
        }
    }

    @Test
    void creationLimitedToDomains_8_1_1() throws Exception {
        try (var fixture = new EngineFixture(policy(new NodeCreationPolicy(Who.DOMAINS, List.of("example.org")), 0, 0))) {
            await(fixture.engine.createNode(new CreateNode.Request(ALICE, "mine")));
            assertThat(refusal(fixture.engine.createNode(new CreateNode.Request(STRANGER, "theirs"))).condition())
                    .isEqualTo(StanzaCondition.FORBIDDEN);
            // auto-create by publishing follows the same policy (§7.1.4)
            assertThat(refusal(fixture.engine.publish(new Publish.Request(STRANGER, "auto",
                    List.of(new NewItem("1", "<e xmlns='urn:t'/>"))))).condition()).isEqualTo(StanzaCondition.FORBIDDEN);
            assertThat(await(fixture.engine.findNode("auto"))).isEmpty();
        }
    }

    @Test
    void creationByAdminsOnly_8_1_1() throws Exception {
        try (var fixture = new EngineFixture(policy(new NodeCreationPolicy(Who.ADMINS, List.of()), 0, 0))) {
            assertThat(refusal(fixture.engine.createNode(new CreateNode.Request(ALICE, "mine"))).condition())
                    .isEqualTo(StanzaCondition.FORBIDDEN);
            await(fixture.engine.createNode(new CreateNode.Request(ADMIN, "official")));
        }
    }

    @Test
    void nodesPerUserLimit_8_1() throws Exception {
        try (var fixture = new EngineFixture(policy(NodeCreationPolicy.anyone(), 2, 0))) {
            await(fixture.engine.createNode(new CreateNode.Request(ALICE, "one")));
            await(fixture.engine.createNode(new CreateNode.Request(ALICE, "two")));
            var e = refusal(fixture.engine.createNode(new CreateNode.Request(ALICE, "three")));
            assertThat(e.condition()).isEqualTo(StanzaCondition.NOT_ALLOWED);
            assertThat(e.pubSubCondition()).isEqualTo(PubSubCondition.MAX_NODES_EXCEEDED);
            await(fixture.engine.createNode(new CreateNode.Request(BOB, "three")));
        }
    }

    @Test
    void subscriptionsPerUserLimit_6_1_3_9() throws Exception {
        try (var fixture = new EngineFixture(policy(NodeCreationPolicy.anyone(), 0, 1))) {
            await(fixture.engine.createNode(new CreateNode.Request(ALICE, "one")));
            await(fixture.engine.createNode(new CreateNode.Request(ALICE, "two")));
            await(fixture.engine.subscribe(new Subscribe.Request(BOB, "one", BOB)));
            var e = refusal(fixture.engine.subscribe(new Subscribe.Request(BOB, "two", BOB)));
            assertThat(e.condition()).isEqualTo(StanzaCondition.POLICY_VIOLATION);
            assertThat(e.pubSubCondition()).isEqualTo(PubSubCondition.TOO_MANY_SUBSCRIPTIONS);
            assertThat(e.condition().type()).isEqualTo(ErrorType.WAIT);
        }
    }
}
