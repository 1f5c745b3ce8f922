package org.pubsubserver.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.core.testing.EngineFixture.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.model.AccessModel;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.core.testing.EngineFixture;
import org.pubsubserver.core.testing.FixedRosters;
import org.pubsubserver.core.usecase.ConfigureNode;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.core.usecase.DeleteNode;
import org.pubsubserver.core.usecase.ManageAffiliations;
import org.pubsubserver.core.usecase.ManageSubscriptions;
import org.pubsubserver.core.usecase.Publish;
import org.pubsubserver.core.usecase.PurgeNode;
import org.pubsubserver.core.usecase.RetractItems;
import org.pubsubserver.core.usecase.RetrieveItems;
import org.pubsubserver.core.usecase.Subscribe;
import org.xmpp.packet.JID;

/**
 * Every use case x every affiliation x every access model the service offers. The expected outcome is the
 * table of XEP-0060 §4.1 ("Affiliations and their Privileges"), with the access model deciding for the
 * "none" affiliation (§4.5, §6.1.3, §6.5.2) and each refusal the error its use case names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionMatrixTest {
    private static final JID OWNER = new JID("alice@example.org/desk");
    private static final JID ENTITY = new JID("bob@example.org/phone");

    /** What a cell must give: success (with a detail where it matters) or the exact refusal. */
    private record Outcome(String result) {
        static Outcome ok() {
            return new Outcome("ok");
        }

        static Outcome pending() {
            return new Outcome("pending");
        }

        static Outcome refused(String condition, String pubsubCondition) {
            return new Outcome(condition + (pubsubCondition == null ? "" : " " + pubsubCondition));
        }

        static final Outcome FORBIDDEN = refused("forbidden", null);
    }

    private enum UseCase { SUBSCRIBE, RETRIEVE_ITEMS, PUBLISH, DELETE_OWN_ITEM, PURGE, CONFIGURE, DELETE_NODE,
        MANAGE_SUBSCRIPTIONS, MANAGE_AFFILIATIONS }

    private static final List<AccessModel> ACCESS_MODELS = List.of(AccessModel.OPEN, AccessModel.PRESENCE,
            AccessModel.ROSTER, AccessModel.AUTHORIZE, AccessModel.WHITELIST);

    /** The expected outcome of one cell, from §4.1's table and the use cases' error lists. */
    private static Outcome expected(UseCase useCase, Affiliation affiliation, AccessModel model) {
        return switch (useCase) {
            // §4.1 "Subscribe": owner, publisher, member, none yes; publish-only, outcast no (§6.1.3.8 forbidden).
            // For "none": open subscribes, authorize waits for approval (§6.1.4), whitelist is closed (§6.1.3.4).
            case SUBSCRIBE -> switch (affiliation) {
                case OWNER, PUBLISHER, MEMBER -> Outcome.ok();
                case PUBLISH_ONLY, OUTCAST -> Outcome.FORBIDDEN;
                case NONE -> switch (model) {
                    case AUTHORIZE -> Outcome.pending();
                    case WHITELIST -> Outcome.refused("not-allowed", "closed-node");
                    // the entity is in no owner's roster here (§6.1.3.2, §6.1.3.3)
                    case PRESENCE -> Outcome.refused("not-authorized", "presence-subscription-required");
                    case ROSTER -> Outcome.refused("not-authorized", "not-in-roster-group");
                    default -> Outcome.ok();
                };
            };
            // §4.1 "Retrieve Items": owner, publisher, member yes; publish-only, outcast no (§6.5.9.10 forbidden).
            // For "none": open yes; authorize only subscribers (§6.5.9.3); whitelist closed (§6.5.9.8).
            case RETRIEVE_ITEMS -> switch (affiliation) {
                case OWNER, PUBLISHER, MEMBER -> Outcome.ok();
                case PUBLISH_ONLY, OUTCAST -> Outcome.FORBIDDEN;
                case NONE -> switch (model) {
                    case AUTHORIZE -> Outcome.refused("not-authorized", "not-subscribed");
                    case WHITELIST -> Outcome.refused("not-allowed", "closed-node");
                    // §6.5.9.6, §6.5.9.7
                    case PRESENCE -> Outcome.refused("not-authorized", "presence-subscription-required");
                    case ROSTER -> Outcome.refused("not-authorized", "not-in-roster-group");
                    default -> Outcome.ok();
                };
            };
            // §4.1 "Publish Items" (publish_model "publishers"): owner, publisher, publish-only (§7.1.3.1 forbidden)
            case PUBLISH -> affiliation == Affiliation.OWNER || affiliation == Affiliation.PUBLISHER
                    || affiliation == Affiliation.PUBLISH_ONLY ? Outcome.ok() : Outcome.FORBIDDEN;
            // §4.1 "Delete Single Item": owner any; publisher and publish-only their own (footnote) (§7.2.3.1)
            case DELETE_OWN_ITEM -> affiliation == Affiliation.OWNER || affiliation == Affiliation.PUBLISHER
                    || affiliation == Affiliation.PUBLISH_ONLY ? Outcome.ok() : Outcome.FORBIDDEN;
            // §4.1 "Purge Node": owner and publisher (§8.5.3.1)
            case PURGE -> affiliation == Affiliation.OWNER || affiliation == Affiliation.PUBLISHER
                    ? Outcome.ok() : Outcome.FORBIDDEN;
            // §4.1 "Configure Node", "Delete Node"; §8.8 and §8.9 are owner use cases: owners only
            case CONFIGURE, DELETE_NODE, MANAGE_SUBSCRIPTIONS, MANAGE_AFFILIATIONS ->
                    affiliation == Affiliation.OWNER ? Outcome.ok() : Outcome.FORBIDDEN;
        };
    }

    private EngineFixture fixture;
    private final AtomicInteger nodes = new AtomicInteger();

    @BeforeAll
    void start() {
        // rosters can be read, and the entity is in none (AccessModelsTest covers those who are)
        fixture = new EngineFixture(ServicePolicy.open(), new FixedRosters());
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (UseCase useCase : UseCase.values()) {
            for (Affiliation affiliation : Affiliation.values()) {
                for (AccessModel model : ACCESS_MODELS) {
                    cells.add(Arguments.of(useCase, affiliation, model));
                }
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} by {1} on {2}")
    @MethodSource("cells")
    void section4_1(UseCase useCase, Affiliation affiliation, AccessModel model) throws Exception {
        String node = "matrix-" + nodes.incrementAndGet();
        var engine = fixture.engine;
        await(engine.createNode(new CreateNode.Request(OWNER, node, Map.of("pubsub#access_model", model.value()))));
        await(engine.publish(new Publish.Request(OWNER, node, List.of(new NewItem("by-owner", "<e xmlns='urn:t'/>")))));
        if (affiliation != Affiliation.NONE) {
            ManageAffiliations.Result set = await(engine.manageAffiliations(new ManageAffiliations.Request(OWNER, node,
                    List.of(new ManageAffiliations.Entry(ENTITY.asBareJID(), affiliation.value())))));
            assertThat(set.rejected()).isEmpty();
        }
        CompletableFuture<?> request = switch (useCase) {
            case SUBSCRIBE -> engine.subscribe(new Subscribe.Request(ENTITY, node, ENTITY));
            case RETRIEVE_ITEMS -> engine.retrieveItems(new RetrieveItems.Request(ENTITY, node, 0, List.of()));
            case PUBLISH -> engine.publish(new Publish.Request(ENTITY, node, List.of(new NewItem("x", "<e xmlns='urn:t'/>"))));
            case DELETE_OWN_ITEM -> retractOwnItem(node, affiliation);
            case PURGE -> engine.purgeNode(new PurgeNode.Request(ENTITY, node));
            case CONFIGURE -> engine.configureNode(new ConfigureNode.Request(ENTITY, node, Map.of("pubsub#title", "t")));
            case DELETE_NODE -> engine.deleteNode(new DeleteNode.Request(ENTITY, node));
            case MANAGE_SUBSCRIPTIONS -> engine.manageSubscriptions(new ManageSubscriptions.Request(ENTITY, node, null));
            case MANAGE_AFFILIATIONS -> engine.manageAffiliations(new ManageAffiliations.Request(ENTITY, node, null));
        };
        assertThat(outcomeOf(request)).isEqualTo(expected(useCase, affiliation, model));
    }

    /**
     * An entity that may publish deletes an item it published itself; one that may not publish has no item
     * of its own, so it tries to delete the owner's item.
     */
    private CompletableFuture<?> retractOwnItem(String node, Affiliation affiliation) throws Exception {
        String id = "by-owner";
        if (affiliation.mayPublish()) {
            id = "by-entity";
            await(fixture.engine.publish(new Publish.Request(ENTITY, node, List.of(new NewItem(id, "<e xmlns='urn:t'/>")))));
        }
        return fixture.engine.retractItems(new RetractItems.Request(ENTITY, node, List.of(id), false));
    }

    private static Outcome outcomeOf(CompletableFuture<?> request) throws Exception {
        try {
            Object result = request.get(5, TimeUnit.SECONDS);
            if (result instanceof Subscribe.Result subscribed
                    && subscribed.subscription().state() == SubscriptionState.PENDING) {
                return Outcome.pending();
            }
            return Outcome.ok();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof PubSubException refusal)) {
                throw e;
            }
            PubSubCondition pubsub = refusal.pubSubCondition();
            return Outcome.refused(refusal.condition().elementName(), pubsub == null ? null : pubsub.elementName());
        }
    }
}
