package org.pubsubserver.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.ErrorType;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.event.ItemsPublished;
import org.pubsubserver.core.event.ItemsRetracted;
import org.pubsubserver.core.event.NodeDeleted;
import org.pubsubserver.core.event.PubSubEvent;
import org.pubsubserver.core.event.Subscribed;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.xmpp.packet.JID;

/** The engine's use cases, each named after the XEP-0060 section it proves. */
class PubSubEngineTest {
    private static final JID ALICE = new JID("alice@example.org/desk");
    private static final JID BOB = new JID("bob@example.org/phone");
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final org.pubsubserver.core.testing.SettableClock clock = new org.pubsubserver.core.testing.SettableClock(NOW);

    private JdbcStorage storage;
    private Lanes lanes;
    private PubSubEngine engine;
    private final List<PubSubEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        storage = JdbcStorage.openInMemory("engine-" + UUID.randomUUID());
        lanes = new Lanes(2, 100, storage.nodeStore().groupCommit());
        EventBus bus = new EventBus();
        bus.register(events::add);
        engine = new PubSubEngine(storage.nodeStore(), bus, clock,
                new EngineSettings(NodeConfig.defaults()), lanes);
    }

    @AfterEach
    void stop() {
        lanes.close();
        storage.close();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    private static PubSubException refusal(CompletableFuture<?> future) {
        ExecutionException failure = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                () -> future.get(5, TimeUnit.SECONDS));
        assertThat(failure).as("the request should have been refused").isNotNull();
        assertThat(failure.getCause()).isInstanceOf(PubSubException.class);
        return (PubSubException) failure.getCause();
    }

    /** Events are delivered on the lane just after the request's future completed: wait for the last of a type. */
    private <E extends PubSubEvent> E awaitEvent(Class<E> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (int i = events.size() - 1; i >= 0; i--) {
                if (type.isInstance(events.get(i))) {
                    return type.cast(events.get(i));
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no " + type.getSimpleName() + " among " + events);
    }

    /**
     * The events delivered before a marker: a subscription made after the calls under test, on the same
     * node's lane, whose {@link Subscribed} event is delivered after any event of those calls (a lane runs a
     * node's work, and hands its events to listeners, in submission order). Events come asynchronously after
     * a call's future completes, so an absence is only proven against such a later point.
     */
    private List<PubSubEvent> eventsBeforeMarker(String node) throws Exception {
        JID marker = new JID("marker@example.org/" + UUID.randomUUID());
        CompletableFuture<PubSubEvent> seen = new CompletableFuture<>();
        engine.events().register(event -> {
            if (Subscribed.class.isInstance(event) && ((Subscribed) event).subscription().jid().equals(marker)) {
                seen.complete(event); // after events::add, which was registered first
            }
        });
        await(engine.subscribe(new Subscribe.Request(marker, node, marker)));
        PubSubEvent markerEvent = seen.get(5, TimeUnit.SECONDS);
        return List.copyOf(events.subList(0, events.indexOf(markerEvent)));
    }

    private void createNews() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "news")));
    }

    private static NewItem item(String id) {
        return new NewItem(id, "<e xmlns='urn:t'>" + id + "</e>");
    }

    private Publish.Result publish(JID who, NewItem... items) throws Exception {
        return await(engine.publish(new Publish.Request(who, "news", List.of(items))));
    }

    @Nested
    class CreateNodeSection8_1 {
        @Test
        void createdNodeIsOwnedByItsCreator_8_1() throws Exception {
            var node = await(engine.createNode(new CreateNode.Request(ALICE, "news")));
            assertThat(node.name()).isEqualTo("news");
            assertThat(node.creator()).isEqualTo(ALICE.asBareJID());
            assertThat(node.created()).isEqualTo(NOW);
            assertThat(await(engine.findNode("news"))).isPresent();
        }

        @Test
        void createWithConfigurationAppliesIt_8_1_3() throws Exception {
            var node = await(engine.createNode(new CreateNode.Request(ALICE, "news",
                    Map.of("pubsub#title", "News", "pubsub#deliver_payloads", "0"))));
            assertThat(node.config().title()).isEqualTo("News");
            assertThat(node.config().deliverPayloads()).isFalse();
            assertThat(await(engine.findNode("news")).orElseThrow().config()).isEqualTo(node.config());
        }

        @Test
        void createWithAValueTheServiceDoesNotAcceptIsNotAcceptable_8_1_3() {
            PubSubException e = refusal(engine.createNode(new CreateNode.Request(ALICE, "news",
                    Map.of("pubsub#max_items", "0"))));
            assertThat(e.condition()).isEqualTo(StanzaCondition.NOT_ACCEPTABLE);
        }

        @Test
        void anAccessModelTheServiceDoesNotSupportIsUnsupportedAccessModel_8_1_2() {
            PubSubException e = refusal(engine.createNode(new CreateNode.Request(ALICE, "news",
                    Map.of("pubsub#access_model", "presence"))));
            assertThat(e.condition()).isEqualTo(StanzaCondition.NOT_ACCEPTABLE);
            assertThat(e.pubSubCondition()).isEqualTo(PubSubCondition.UNSUPPORTED_ACCESS_MODEL);
        }

        @Test
        void unsupportedFieldsLeftOffAreIgnoredAsInTheXepsOwnExample_8_1_3() throws Exception {
            var node = await(engine.createNode(new CreateNode.Request(ALICE, "news",
                    Map.of("pubsub#purge_offline", "0", "pubsub#body_xslt", "", "pubsub#title", "T"))));
            assertThat(node.config().title()).isEqualTo("T");
            PubSubException e = refusal(engine.createNode(new CreateNode.Request(ALICE, "other",
                    Map.of("pubsub#body_xslt", "http://example.org/body.xslt"))));
            assertThat(e.condition()).isEqualTo(StanzaCondition.NOT_ACCEPTABLE);
        }

        @Test
        void aLeafNodeTypeIsAcceptedAndSoIsACollection_16_4_4_and_xep0248_createnode() throws Exception {
            var leaf = await(engine.createNode(new CreateNode.Request(ALICE, "news", Map.of("pubsub#node_type", "leaf"))));
            assertThat(leaf.config().value(org.pubsubserver.core.config.NodeConfigField.NODE_TYPE)).isEqualTo("leaf");
            var collection = await(engine.createNode(new CreateNode.Request(ALICE, "folders",
                    Map.of("pubsub#node_type", "collection"))));
            assertThat(collection.isCollection()).isTrue();
        }

        @Test
        void existingNodeIsAConflict_8_1_1() throws Exception {
            createNews();
            PubSubException e = refusal(engine.createNode(new CreateNode.Request(BOB, "news")));
            assertThat(e.condition()).isEqualTo(StanzaCondition.CONFLICT);
        }

        @Test
        void instantNodeNamesAreUnique_8_1_2() {
            assertThat(CreateNode.instantNodeName()).isNotEqualTo(CreateNode.instantNodeName());
        }
    }

    @Nested
    class PublishSection7_1 {
        @Test
        void itemWithoutIdGetsAUniqueServiceGeneratedId_7_1_2() throws Exception {
            createNews();
            Publish.Result first = publish(ALICE, new NewItem(null, "<e xmlns='urn:t'/>"));
            Publish.Result second = publish(ALICE, new NewItem(null, "<e xmlns='urn:t'/>"));
            String a = first.items().get(0).itemId();
            String b = second.items().get(0).itemId();
            assertThat(a).isNotBlank();
            assertThat(b).isNotBlank().isNotEqualTo(a);
        }

        @Test
        void itemIdGivenByThePublisherIsKept_7_1_2() throws Exception {
            createNews();
            Publish.Result result = publish(ALICE, new NewItem("ae890ac52d0df67ed7cfdf51b644e901", "<e xmlns='urn:t'/>"));
            assertThat(result.items()).extracting(Item::itemId).containsExactly("ae890ac52d0df67ed7cfdf51b644e901");
        }

        @Test
        void subscribersAreToldAfterTheCommit_7_1_2_1() throws Exception {
            createNews();
            await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
            publish(ALICE, new NewItem("i1", "<e xmlns='urn:t'>hi</e>"));
            ItemsPublished event = awaitEvent(ItemsPublished.class);
            assertThat(event.items()).extracting(Item::payloadXml).containsExactly("<e xmlns='urn:t'>hi</e>");
            assertThat(event.subscribers()).extracting(Subscription::jid).containsExactly(BOB);
        }

        @Test
        void entityWithoutPublisherRightsIsForbidden_7_1_3_1() throws Exception {
            createNews();
            PubSubException e = refusal(engine.publish(new Publish.Request(BOB, "news", List.of(new NewItem("x", "<x xmlns='urn:t'/>")))));
            assertThat(e.condition()).isEqualTo(StanzaCondition.FORBIDDEN);
            assertThat(eventsBeforeMarker("news")).noneMatch(ItemsPublished.class::isInstance);
        }

        @Test
        void anItemWithoutPayloadOnAPayloadNodeIsPayloadRequired_7_1_3_7() throws Exception {
            createNews();
            PubSubException e = refusal(engine.publish(new Publish.Request(ALICE, "news", List.of(new NewItem("x", "")))));
            assertThat(e.condition()).isEqualTo(StanzaCondition.BAD_REQUEST);
            assertThat(e.pubSubCondition()).isEqualTo(PubSubCondition.PAYLOAD_REQUIRED);
            assertThat(await(engine.retrieveItems(new RetrieveItems.Request(ALICE, "news", 0, List.of()))).items())
                    .isEmpty();
        }

        @Test
        void publishingToAMissingNodeCreatesItWithThePublisherAsOwner_7_1_4() throws Exception {
            Publish.Result result = await(engine.publish(new Publish.Request(BOB, "fresh", List.of(item("x")))));
            assertThat(result.autoCreated()).isTrue();
            assertThat(await(engine.findNode("fresh")).orElseThrow().creator()).isEqualTo(BOB.asBareJID());
            assertThat(await(engine.retrieveAffiliations(new RetrieveAffiliations.Request(BOB, "fresh"))))
                    .extracting(a -> a.affiliation().value()).containsExactly("owner");
        }

        /** Issue 17: publishing over HTTP creates no node unless the operator allows it. */
        @Test
        void aPublishThatMayNotCreateTheNodeIsItemNotFound_andLeavesNoNode() throws Exception {
            PubSubException refused = refusal(engine.publish(new Publish.Request(BOB, "absent", List.of(item("x")),
                    null, false)));
            assertThat(refused.condition()).isEqualTo(StanzaCondition.ITEM_NOT_FOUND);
            assertThat(await(engine.findNode("absent"))).isEmpty();
        }

        @Test
        void publishOptionsAreConfigurationForAnAutoCreatedNode_7_1_5() throws Exception {
            await(engine.publish(new Publish.Request(BOB, "configured", List.of(item("x")),
                    Map.of("FORM_TYPE", "http://jabber.org/protocol/pubsub#publish-options",
                            "pubsub#max_items", "1", "pubsub#notification_type", "normal"))));
            var config = await(engine.findNode("configured")).orElseThrow().config();
            assertThat(config.maxItems()).isEqualTo(1);
            assertThat(config.notificationType()).isEqualTo("normal");
        }

        @Test
        void publishOptionsArePreconditionsOnAnExistingNode_7_1_5() throws Exception {
            createNews();
            await(engine.publish(new Publish.Request(ALICE, "news", List.of(item("ok")),
                    Map.of("pubsub#access_model", "open", "pubsub#persist_items", "1"))));
            PubSubException mismatch = refusal(engine.publish(new Publish.Request(ALICE, "news", List.of(item("no")),
                    Map.of("pubsub#max_items", "7"))));
            assertThat(mismatch.condition()).isEqualTo(StanzaCondition.CONFLICT);
            assertThat(mismatch.pubSubCondition()).isEqualTo(PubSubCondition.PRECONDITION_NOT_MET);
            PubSubException unknown = refusal(engine.publish(new Publish.Request(ALICE, "news", List.of(item("no")),
                    Map.of("pubsub#no_such_field", "1"))));
            assertThat(unknown.pubSubCondition()).isEqualTo(PubSubCondition.PRECONDITION_NOT_MET);
            assertThat(await(engine.retrieveItems(new RetrieveItems.Request(ALICE, "news", 0, List.of()))).items())
                    .extracting(Item::itemId).containsExactly("ok");
        }

        @Test
        void aFullNodeThatRejectsRefusesWithNodeFull_7_1_3_4() throws Exception {
            await(engine.createNode(new CreateNode.Request(ALICE, "small",
                    Map.of("pubsub#max_items", "2", "pubsub#publish_node_full", "reject"))));
            await(engine.publish(new Publish.Request(ALICE, "small", List.of(item("a"), item("b")))));
            await(engine.publish(new Publish.Request(ALICE, "small", List.of(item("b")))));
            PubSubException e = refusal(engine.publish(new Publish.Request(ALICE, "small", List.of(item("c")))));
            assertThat(e.condition()).isEqualTo(StanzaCondition.CONFLICT);
            assertThat(e.pubSubCondition()).isEqualTo(PubSubCondition.NODE_FULL);
        }

        @Test
        void theOldestItemsAreRetractedWhenAFullNodeRetractsOldest_7_1_2_5() throws Exception {
            await(engine.createNode(new CreateNode.Request(ALICE, "small",
                    Map.of("pubsub#max_items", "2", "pubsub#notify_retract", "1"))));
            for (String id : List.of("a", "b", "c")) {
                await(engine.publish(new Publish.Request(ALICE, "small", List.of(item(id)))));
            }
            assertThat(await(engine.retrieveItems(new RetrieveItems.Request(ALICE, "small", 0, List.of()))).items())
                    .extracting(Item::itemId).containsExactly("b", "c");
            ItemsRetracted retracted = awaitEvent(ItemsRetracted.class);
            assertThat(retracted.itemIds()).containsExactly("a");
            assertThat(retracted.notifySubscribers()).isTrue();
        }

        @Test
        void theOldestItemsAreDroppedSilentlyWhenAFullNodeDiscardsOldest_7_1_2_5() throws Exception {
            await(engine.createNode(new CreateNode.Request(ALICE, "small",
                    Map.of("pubsub#max_items", "1", "pubsub#publish_node_full", "discard-oldest"))));
            await(engine.publish(new Publish.Request(ALICE, "small", List.of(item("a")))));
            await(engine.publish(new Publish.Request(ALICE, "small", List.of(item("b")))));
            List<PubSubEvent> before = eventsBeforeMarker("small");
            assertThat(before).filteredOn(ItemsPublished.class::isInstance).as("both publishes were told").hasSize(2);
            assertThat(before).noneMatch(ItemsRetracted.class::isInstance);
        }

        @Test
        void aRefusedPublishToAMissingNodeCreatesNoNode_13_11() throws Exception {
            PubSubException e = refusal(engine.publish(new Publish.Request(BOB, "never", List.of(new NewItem("x", "")))));
            assertThat(e.pubSubCondition()).isEqualTo(PubSubCondition.PAYLOAD_REQUIRED);
            assertThat(await(engine.findNode("never"))).isEmpty();
        }

        @Test
        void aPersistentNotificationOnlyNodeStoresPayloadsButDoesNotDeliverThem_4_3() throws Exception {
            await(engine.createNode(new CreateNode.Request(ALICE, "quiet", Map.of("pubsub#deliver_payloads", "0"))));
            await(engine.publish(new Publish.Request(ALICE, "quiet", List.of(item("with"), new NewItem("without", "")))));
            assertThat(await(engine.retrieveItems(new RetrieveItems.Request(ALICE, "quiet", 0, List.of()))).items())
                    .extracting(Item::hasPayload).containsExactly(true, false);
        }

        @Test
        void allItemsOfALargeNodeComeAsTheNewestPageWithAResultSet_6_5_4() throws Exception {
            await(engine.createNode(new CreateNode.Request(ALICE, "big", Map.of("pubsub#max_items", "max"))));
            List<NewItem> many = new java.util.ArrayList<>();
            for (int i = 0; i < RetrieveItems.MAX_PAGE + 5; i++) {
                many.add(item("i" + i));
            }
            await(engine.publish(new Publish.Request(ALICE, "big", many)));
            RetrieveItems.Result result = await(engine.retrieveItems(new RetrieveItems.Request(BOB, "big", 0, List.of())));
            assertThat(result.items()).hasSize(RetrieveItems.MAX_PAGE);
            assertThat(result.items().get(RetrieveItems.MAX_PAGE - 1).itemId()).isEqualTo("i" + (RetrieveItems.MAX_PAGE + 4));
            assertThat(result.page().count()).isEqualTo(RetrieveItems.MAX_PAGE + 5);
            assertThat(result.page().firstIndex()).isEqualTo(5);
        }

        @Test
        void aBatchLargerThanTheNodeHoldsIsMaxItemsExceededAndNothingIsStored_BatchProcessing() throws Exception {
            await(engine.createNode(new CreateNode.Request(ALICE, "small", Map.of("pubsub#max_items", "2"))));
            PubSubException e = refusal(engine.publish(new Publish.Request(ALICE, "small",
                    List.of(item("a"), item("b"), item("c")))));
            assertThat(e.condition()).isEqualTo(StanzaCondition.NOT_ALLOWED);
            assertThat(e.pubSubCondition()).isEqualTo(PubSubCondition.MAX_ITEMS_EXCEEDED);
            assertThat(await(engine.retrieveItems(new RetrieveItems.Request(ALICE, "small", 0, List.of()))).items()).isEmpty();
        }

        @Test
        void aPayloadLargerThanMaxPayloadSizeIsPayloadTooBig_7_1_3_5() throws Exception {
            await(engine.createNode(new CreateNode.Request(ALICE, "tiny", Map.of("pubsub#max_payload_size", "20"))));
            PubSubException e = refusal(engine.publish(new Publish.Request(ALICE, "tiny",
                    List.of(new NewItem("x", "<e xmlns='urn:t'>" + "x".repeat(20) + "</e>")))));
            assertThat(e.condition()).isEqualTo(StanzaCondition.NOT_ACCEPTABLE);
            assertThat(e.pubSubCondition()).isEqualTo(PubSubCondition.PAYLOAD_TOO_BIG);
        }

        @Test
        void aTransientNotificationOnlyNodeForbidsItemsAndStoresNothing_7_1_3_7() throws Exception {
            await(engine.createNode(new CreateNode.Request(ALICE, "ping",
                    Map.of("pubsub#persist_items", "false", "pubsub#deliver_payloads", "false"))));
            PubSubException e = refusal(engine.publish(new Publish.Request(ALICE, "ping", List.of(new NewItem("x", "")))));
            assertThat(e.pubSubCondition()).isEqualTo(PubSubCondition.ITEM_FORBIDDEN);
            await(engine.publish(new Publish.Request(ALICE, "ping", List.of())));
            assertThat((awaitEvent(ItemsPublished.class)).items()).isEmpty();
        }

        @Test
        void aTransientPayloadNodeNotifiesButDoesNotStore() throws Exception {
            await(engine.createNode(new CreateNode.Request(ALICE, "live", Map.of("pubsub#persist_items", "false"))));
            await(engine.publish(new Publish.Request(ALICE, "live", List.of(item("x")))));
            ItemsPublished event = awaitEvent(ItemsPublished.class);
            assertThat(event.items()).singleElement().satisfies(i -> assertThat(i.isStored()).isFalse());
            assertThat(await(engine.retrieveItems(new RetrieveItems.Request(ALICE, "live", 0, List.of()))).items()).isEmpty();
        }
    }

    @Nested
    class SubscribeSection6_1 {
        @Test
        void subscribingToAnOpenNodeIsSubscribed_6_1_2() throws Exception {
            createNews();
            Subscription s = await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB))).subscription();
            assertThat(s.state()).isEqualTo(SubscriptionState.SUBSCRIBED);
            assertThat(s.subId()).isNotBlank();
            assertThat(s.jid()).isEqualTo(BOB);
        }

        @Test
        void aNodeThatAllowsNoSubscriptionsSaysSo_6_1_3_10() throws Exception {
            await(engine.createNode(new CreateNode.Request(ALICE, "closed", Map.of("pubsub#subscribe", "false"))));
            PubSubException e = refusal(engine.subscribe(new Subscribe.Request(BOB, "closed", BOB)));
            assertThat(e.condition()).isEqualTo(StanzaCondition.FEATURE_NOT_IMPLEMENTED);
            assertThat(e.feature()).isEqualTo("subscribe");
        }

        @Test
        void subscribingAnotherJidIsInvalidJid_6_1_3_1() throws Exception {
            createNews();
            PubSubException e = refusal(engine.subscribe(new Subscribe.Request(BOB, "news", ALICE)));
            assertThat(e.condition()).isEqualTo(StanzaCondition.BAD_REQUEST);
            assertThat(e.pubSubCondition()).isEqualTo(PubSubCondition.INVALID_JID);
        }

        @Test
        void eachSubscribeRequestMakesASubscriptionWithItsOwnSubId_6_1_6() throws Exception {
            createNews();
            Subscription first = await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB))).subscription();
            Subscription second = await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB))).subscription();
            assertThat(second.subId()).isNotEqualTo(first.subId());
            assertThat(await(engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(BOB, "news"))))
                    .extracting(Subscription::subId).containsExactlyInAnyOrder(first.subId(), second.subId());
        }

        @Test
        void aJidHoldsABoundedNumberOfSubscriptionsToANode_6_1_3_9() throws Exception {
            createNews();
            for (int i = 0; i < Subscribe.MAX_PER_JID_AND_NODE; i++) {
                await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
            }
            PubSubException e = refusal(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
            assertThat(e.condition()).isEqualTo(StanzaCondition.POLICY_VIOLATION);
            assertThat(e.pubSubCondition()).isEqualTo(PubSubCondition.TOO_MANY_SUBSCRIPTIONS);
            // another resource of the same user is another subscriber
            await(engine.subscribe(new Subscribe.Request(new JID("bob@example.org/laptop"), "news",
                    new JID("bob@example.org/laptop"))));
        }

        @Test
        void subscribingToAMissingNodeIsItemNotFound_6_1_3_12() {
            PubSubException e = refusal(engine.subscribe(new Subscribe.Request(BOB, "nope", BOB)));
            assertThat(e.condition()).isEqualTo(StanzaCondition.ITEM_NOT_FOUND);
        }
    }

    @Nested
    class SubscriptionOptionsSection6_3 {
        private ConfigureSubscription.Request read(JID requester, JID jid, String subId) {
            return new ConfigureSubscription.Request(requester, "news", jid, subId, null);
        }

        @Test
        void optionsAreReadAndChanged_6_3_2_and_6_3_5() throws Exception {
            createNews();
            await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
            assertThat(await(engine.configureSubscription(read(BOB, BOB, null))).subscription().options().deliver()).isTrue();
            await(engine.configureSubscription(new ConfigureSubscription.Request(BOB, "news", BOB, null,
                    Map.of("pubsub#deliver", "0"))));
            assertThat(await(engine.configureSubscription(read(BOB, BOB, null))).subscription().options().deliver()).isFalse();
        }

        @Test
        void optionsErrors_6_3_4() throws Exception {
            createNews();
            assertThat(refusal(engine.configureSubscription(read(ALICE, BOB, null))).condition())
                    .isEqualTo(StanzaCondition.FORBIDDEN);
            PubSubException notSubscribed = refusal(engine.configureSubscription(read(BOB, BOB, null)));
            assertThat(notSubscribed.pubSubCondition()).isEqualTo(PubSubCondition.NOT_SUBSCRIBED);
            assertThat(notSubscribed.condition().type()).isEqualTo(ErrorType.MODIFY);
            await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
            await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB, Map.of("pubsub#deliver", "1"))));
            assertThat(refusal(engine.configureSubscription(read(BOB, BOB, null))).pubSubCondition())
                    .isEqualTo(PubSubCondition.SUBID_REQUIRED);
            assertThat(refusal(engine.configureSubscription(read(BOB, BOB, "nope"))).pubSubCondition())
                    .isEqualTo(PubSubCondition.INVALID_SUBID);
            PubSubException invalid = refusal(engine.configureSubscription(new ConfigureSubscription.Request(BOB,
                    "news", BOB, null, Map.of("pubsub#digest_frequency", "soon"))));
            assertThat(invalid.pubSubCondition()).isIn(PubSubCondition.SUBID_REQUIRED, PubSubCondition.INVALID_OPTIONS);
        }

        @Test
        void includeBodyOnlyWhereTheServiceCanRenderABody_13_8() throws Exception {
            await(engine.createNode(new CreateNode.Request(ALICE, "atom", Map.of("pubsub#type", NodeConfig.ATOM))));
            Subscription subscription = await(engine.subscribe(new Subscribe.Request(BOB, "atom", BOB,
                    Map.of("pubsub#include_body", "1")))).subscription();
            assertThat(subscription.options().includeBody()).isTrue();
        }

        @Test
        void unsupportedOrBadOptionsAreInvalidOptions_6_3_6_2() throws Exception {
            createNews();
            await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
            for (Map<String, String> bad : List.of(Map.of("pubsub#digest_frequency", "soon"), Map.of("pubsub#deliver", "maybe"),
                    Map.of("pubsub#expire", "tomorrow"), Map.of("pubsub#include_body", "1"))) {
                PubSubException e = refusal(engine.configureSubscription(new ConfigureSubscription.Request(BOB,
                        "news", BOB, null, bad)));
                assertThat(e.condition()).isEqualTo(StanzaCondition.BAD_REQUEST);
                assertThat(e.pubSubCondition()).isEqualTo(PubSubCondition.INVALID_OPTIONS);
            }
        }

        @Test
        void subscribeAndConfigureMakesASubscriptionOfItsOwn_6_3_7_and_6_1_6() throws Exception {
            createNews();
            Subscription plain = await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB))).subscription();
            Subscription configured = await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB,
                    Map.of("pubsub#deliver", "false", "pubsub#digest", "0")))).subscription();
            assertThat(configured.subId()).isNotEqualTo(plain.subId());
            assertThat(configured.options().deliver()).isFalse();
            assertThat(await(engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(BOB, "news"))))
                    .extracting(Subscription::subId).containsExactlyInAnyOrder(plain.subId(), configured.subId());
        }

        @Test
        void aLeasedSubscriptionEndsWhenItsExpireHasPassed() throws Exception {
            createNews();
            await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB,
                    Map.of("pubsub#expire", NOW.plusSeconds(60).toString()))));
            publish(ALICE, item("during"));
            assertThat(awaitEvent(ItemsPublished.class).subscribers()).hasSize(1);
            clock.advance(java.time.Duration.ofSeconds(61));
            assertThat(await(engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(BOB, null))))
                    .as("an ended lease is not listed, even before anything removed it").isEmpty();
            events.clear();
            publish(ALICE, item("after"));
            assertThat(awaitEvent(ItemsPublished.class).subscribers()).isEmpty();
            assertThat(await(engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(BOB, null)))).isEmpty();
        }
    }

    @Nested
    class ItemExpiry {
        @Test
        void itemsOlderThanItemExpireAreGone() throws Exception {
            await(engine.createNode(new CreateNode.Request(ALICE, "fleeting", Map.of("pubsub#item_expire", "60"))));
            await(engine.publish(new Publish.Request(ALICE, "fleeting", List.of(item("old")))));
            clock.advance(java.time.Duration.ofSeconds(45));
            await(engine.publish(new Publish.Request(ALICE, "fleeting", List.of(item("young")))));
            clock.advance(java.time.Duration.ofSeconds(30));
            var items = await(engine.retrieveItems(new RetrieveItems.Request(BOB, "fleeting", 0, List.of()))).items();
            assertThat(items).extracting(Item::itemId).containsExactly("young");
            clock.advance(java.time.Duration.ofSeconds(31));
            assertThat(await(engine.retrieveItems(new RetrieveItems.Request(BOB, "fleeting", 0, List.of()))).items())
                    .isEmpty();
            await(engine.subscribe(new Subscribe.Request(BOB, "fleeting", BOB)));
            assertThat(awaitEvent(Subscribed.class).lastItem()).as("an expired item is not the last published").isNull();
        }

        @Test
        void theSweepRemovesExpiredItemsFromNodesNobodyTouches() throws Exception {
            await(engine.createNode(new CreateNode.Request(ALICE, "fleeting", Map.of("pubsub#item_expire", "60"))));
            createNews();
            await(engine.publish(new Publish.Request(ALICE, "fleeting", List.of(item("old")))));
            publish(ALICE, item("kept"));
            clock.advance(java.time.Duration.ofSeconds(61));
            assertThat(await(engine.sweepExpiredItems(Duration.ofMinutes(1)))).as("nodes with an expiry").isEqualTo(1);
            var store = storage.nodeStore();
            assertThat(store.itemCount(store.findNode("fleeting").orElseThrow())).isZero();
            assertThat(store.itemCount(store.findNode("news").orElseThrow())).isEqualTo(1);
        }

        @Test
        void openNodeNamesListsOpenNodesOnlySortedUpToTheCallersLimit() throws Exception {
            for (String name : List.of("c", "a", "b")) {
                await(engine.createNode(new CreateNode.Request(ALICE, name)));
            }
            await(engine.createNode(new CreateNode.Request(ALICE, "0-closed", Map.of("pubsub#access_model", "whitelist"))));
            assertThat(await(engine.openNodeNames(2))).containsExactly("a", "b");
            assertThat(await(engine.openNodeNames(10))).containsExactly("a", "b", "c");
        }

        @Test
        void withoutItemExpireItemsStay() throws Exception {
            createNews();
            publish(ALICE, item("a"));
            clock.advance(java.time.Duration.ofDays(3650));
            assertThat(await(engine.retrieveItems(new RetrieveItems.Request(BOB, "news", 0, List.of()))).items()).hasSize(1);
        }
    }

    @Nested
    class LastPublishedItemSection6_1_7 {
        @Test
        void aNewSubscriberIsSentTheNewestItem_6_1_7() throws Exception {
            createNews();
            publish(ALICE, item("old"), item("newest"));
            await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
            Subscribed event = awaitEvent(Subscribed.class);
            assertThat(event.subscription().jid()).isEqualTo(BOB);
            assertThat(event.lastItem().itemId()).isEqualTo("newest");
        }

        @Test
        void notWhenTheNodeSaysNeverOrHasNoItems() throws Exception {
            createNews();
            await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
            assertThat(awaitEvent(Subscribed.class).lastItem()).isNull();
            events.clear();
            await(engine.createNode(new CreateNode.Request(ALICE, "quiet",
                    Map.of("pubsub#send_last_published_item", "never"))));
            await(engine.publish(new Publish.Request(ALICE, "quiet", List.of(item("x")))));
            await(engine.subscribe(new Subscribe.Request(BOB, "quiet", BOB)));
            assertThat(awaitEvent(Subscribed.class).lastItem()).isNull();
        }
    }

    @Nested
    class LastItemOnPresence {
        @Test
        void aSubscriberComingOnlineIsDueTheNewestItemOfOnSubAndPresenceNodesOnly_17_4_4() throws Exception {
            await(engine.createNode(new CreateNode.Request(ALICE, "presence",
                    Map.of("pubsub#send_last_published_item", "on_sub_and_presence"))));
            await(engine.createNode(new CreateNode.Request(ALICE, "news", Map.of("pubsub#send_last_published_item", "on_sub"))));
            await(engine.subscribe(new Subscribe.Request(BOB, "presence", BOB.asBareJID())));
            await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB.asBareJID())));
            await(engine.publish(new Publish.Request(ALICE, "presence", List.of(item("p1"), item("p2")))));
            publish(ALICE, item("n1"));
            var due = await(engine.lastItemsOnPresence(new JID("bob@example.org/tablet")));
            assertThat(due).extracting(d -> d.node().name() + " " + d.item().itemId()).containsExactly("presence p2");
            assertThat(await(engine.lastItemsOnPresence(new JID("carol@example.org/x")))).isEmpty();
        }

        @Test
        void anExpiredItemIsNotDueAndIsLeftToTheNodesOwnLane() throws Exception {
            await(engine.createNode(new CreateNode.Request(ALICE, "presence",
                    Map.of("pubsub#send_last_published_item", "on_sub_and_presence", "pubsub#item_expire", "60"))));
            await(engine.subscribe(new Subscribe.Request(BOB, "presence", BOB.asBareJID())));
            await(engine.publish(new Publish.Request(ALICE, "presence", List.of(item("old")))));
            clock.advance(java.time.Duration.ofSeconds(61));
            assertThat(await(engine.lastItemsOnPresence(BOB))).isEmpty();
            var store = storage.nodeStore();
            assertThat(store.itemCount(store.findNode("presence").orElseThrow()))
                    .as("not removed from the service lane").isEqualTo(1);
        }

        @Test
        void aFullJidSubscriptionIsOnlyDueToThatResource() throws Exception {
            await(engine.createNode(new CreateNode.Request(ALICE, "presence",
                    Map.of("pubsub#send_last_published_item", "on_sub_and_presence"))));
            await(engine.subscribe(new Subscribe.Request(BOB, "presence", BOB)));
            await(engine.publish(new Publish.Request(ALICE, "presence", List.of(item("p1")))));
            assertThat(await(engine.lastItemsOnPresence(BOB))).hasSize(1);
            assertThat(await(engine.lastItemsOnPresence(new JID("bob@example.org/other")))).isEmpty();
        }
    }

    @Nested
    class UnsubscribeSection6_2 {
        @Test
        void unsubscribeRemovesTheSubscription_6_2_2() throws Exception {
            createNews();
            await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
            await(engine.unsubscribe(new Unsubscribe.Request(BOB, "news", BOB, null)));
            publish(ALICE, new NewItem("i1", "<e xmlns='urn:t'/>"));
            ItemsPublished event = awaitEvent(ItemsPublished.class);
            assertThat(event.subscribers()).isEmpty();
        }

        @Test
        void unsubscribingWhenNotSubscribedIsNotSubscribed_6_2_3_2() throws Exception {
            createNews();
            PubSubException e = refusal(engine.unsubscribe(new Unsubscribe.Request(BOB, "news", BOB, null)));
            assertThat(e.condition()).isEqualTo(StanzaCondition.UNEXPECTED_REQUEST);
            assertThat(e.pubSubCondition()).isEqualTo(PubSubCondition.NOT_SUBSCRIBED);
        }

        @Test
        void aWrongSubIdIsInvalidSubId_6_2_3_5() throws Exception {
            createNews();
            await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
            PubSubException e = refusal(engine.unsubscribe(new Unsubscribe.Request(BOB, "news", BOB, "nope")));
            assertThat(e.condition()).isEqualTo(StanzaCondition.NOT_ACCEPTABLE);
            assertThat(e.pubSubCondition()).isEqualTo(PubSubCondition.INVALID_SUBID);
        }

        @Test
        void withSeveralSubscriptionsAnUnsubscribeWithoutSubIdIsSubIdRequired_6_2_3_1() throws Exception {
            createNews();
            Subscription first = await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB))).subscription();
            Subscription second = await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB))).subscription();
            PubSubException e = refusal(engine.unsubscribe(new Unsubscribe.Request(BOB, "news", BOB, null)));
            assertThat(e.condition()).isEqualTo(StanzaCondition.BAD_REQUEST);
            assertThat(e.pubSubCondition()).isEqualTo(PubSubCondition.SUBID_REQUIRED);
            Subscription ended = await(engine.unsubscribe(new Unsubscribe.Request(BOB, "news", BOB, first.subId())));
            assertThat(ended.subId()).isEqualTo(first.subId());
            assertThat(ended.state()).isEqualTo(SubscriptionState.NONE);
            assertThat(await(engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(BOB, "news"))))
                    .extracting(Subscription::subId).containsExactly(second.subId());
            // one left: the subid may be left out again
            assertThat(await(engine.unsubscribe(new Unsubscribe.Request(BOB, "news", BOB, null))).subId())
                    .isEqualTo(second.subId());
        }

        @Test
        void unsubscribingSomeoneElseIsForbidden_6_2_3_3() throws Exception {
            createNews();
            await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
            PubSubException e = refusal(engine.unsubscribe(new Unsubscribe.Request(ALICE, "news", BOB, null)));
            assertThat(e.condition()).isEqualTo(StanzaCondition.FORBIDDEN);
        }
    }

    @Nested
    class RetrieveItemsSection6_5 {
        @Test
        void allItemsOldestFirst_6_5_2() throws Exception {
            createNews();
            publish(ALICE, new NewItem("a", "<e xmlns='urn:t'>a</e>"), new NewItem("b", "<e xmlns='urn:t'>b</e>"));
            var result = await(engine.retrieveItems(new RetrieveItems.Request(BOB, "news", 0, List.of())));
            assertThat(result.items()).extracting(Item::itemId).containsExactly("a", "b");
        }

        @Test
        void newestNItems_6_5_7() throws Exception {
            createNews();
            publish(ALICE, item("a"), item("b"), item("c"));
            var result = await(engine.retrieveItems(new RetrieveItems.Request(BOB, "news", 2, List.of())));
            assertThat(result.items()).extracting(Item::itemId).containsExactly("b", "c");
        }

        @Test
        void specificItems_6_5_8() throws Exception {
            createNews();
            publish(ALICE, item("a"), item("b"), item("c"));
            var result = await(engine.retrieveItems(new RetrieveItems.Request(BOB, "news", 0, List.of("c", "a"))));
            assertThat(result.items()).extracting(Item::itemId).containsExactly("a", "c");
        }

        @Test
        void missingNodeIsItemNotFound_6_5_9_11() {
            PubSubException e = refusal(engine.retrieveItems(new RetrieveItems.Request(BOB, "nope", 0, List.of())));
            assertThat(e.condition()).isEqualTo(StanzaCondition.ITEM_NOT_FOUND);
        }
    }

    @Nested
    class RetractSection7_2 {
        @Test
        void ownerDeletesAnItemAndSubscribersAreToldWhenAskedTo_7_2_2_1() throws Exception {
            createNews();
            await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
            publish(ALICE, item("a"), item("b"));
            await(engine.retractItems(new RetractItems.Request(ALICE, "news", List.of("a"), true)));
            var items = await(engine.retrieveItems(new RetrieveItems.Request(BOB, "news", 0, List.of()))).items();
            assertThat(items).extracting(Item::itemId).containsExactly("b");
            ItemsRetracted event = awaitEvent(ItemsRetracted.class);
            assertThat(event.itemIds()).containsExactly("a");
            assertThat(event.notifySubscribers()).isTrue();
            assertThat(event.subscribers()).extracting(Subscription::jid).containsExactly(BOB);
        }

        @Test
        void aPublisherMayDeleteOnlyItsOwnItems_4_1() throws Exception {
            createNews();
            publish(ALICE, item("alices"));
            PubSubException e = refusal(engine.retractItems(new RetractItems.Request(BOB, "news", List.of("alices"), false)));
            assertThat(e.condition()).isEqualTo(StanzaCondition.FORBIDDEN);
        }

        @Test
        void aMissingItemIsItemNotFoundAndNothingIsDeleted_7_2_3_2() throws Exception {
            createNews();
            publish(ALICE, item("a"));
            PubSubException e = refusal(engine.retractItems(new RetractItems.Request(ALICE, "news", List.of("a", "zz"), false)));
            assertThat(e.condition()).isEqualTo(StanzaCondition.ITEM_NOT_FOUND);
            assertThat(await(engine.retrieveItems(new RetrieveItems.Request(BOB, "news", 0, List.of()))).items()).hasSize(1);
        }
    }

    @Nested
    class RetrieveSubscriptionsAndAffiliationsSections5_6_5_7 {
        @Test
        void subscriptionsOfTheRequestersBareJid_5_6() throws Exception {
            createNews();
            await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
            JID bobOtherResource = new JID("bob@example.org/laptop");
            assertThat(await(engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(bobOtherResource, null))))
                    .extracting(Subscription::jid).containsExactly(BOB);
            assertThat(await(engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(ALICE, null)))).isEmpty();
        }

        @Test
        void affiliationsOfTheRequestersBareJid_5_7() throws Exception {
            createNews();
            assertThat(await(engine.retrieveAffiliations(new RetrieveAffiliations.Request(ALICE, null))))
                    .extracting(a -> a.node() + " " + a.affiliation().value()).containsExactly("news owner");
            assertThat(await(engine.retrieveAffiliations(new RetrieveAffiliations.Request(BOB, "news")))).isEmpty();
        }
    }

    @Nested
    class ConfigureAndPurgeSections8_2_8_5 {
        @Test
        void anOwnerReadsAndChangesTheConfiguration_8_2() throws Exception {
            createNews();
            var read = await(engine.configureNode(new ConfigureNode.Request(ALICE, "news", null)));
            assertThat(read.config()).isEqualTo(NodeConfig.defaults());
            await(engine.configureNode(new ConfigureNode.Request(ALICE, "news", Map.of("pubsub#max_items", "3",
                    "pubsub#title", "Changed"))));
            var node = await(engine.findNode("news")).orElseThrow();
            assertThat(node.config().maxItems()).isEqualTo(3);
            assertThat(node.config().title()).isEqualTo("Changed");
            // without notify_config the change is not told to subscribers (§8.2.5.3)
            assertThat(awaitEvent(org.pubsubserver.core.event.NodeConfigured.class).notifySubscribers()).isFalse();
        }

        @Test
        void configurationErrors_8_2_3_and_8_2_5_2() throws Exception {
            createNews();
            assertThat(refusal(engine.configureNode(new ConfigureNode.Request(BOB, "news", null))).condition())
                    .isEqualTo(StanzaCondition.FORBIDDEN);
            assertThat(refusal(engine.configureNode(new ConfigureNode.Request(ALICE, "nope", null))).condition())
                    .isEqualTo(StanzaCondition.ITEM_NOT_FOUND);
            assertThat(refusal(engine.configureNode(new ConfigureNode.Request(ALICE, "news",
                    Map.of("pubsub#max_items", "-1")))).condition()).isEqualTo(StanzaCondition.NOT_ACCEPTABLE);
        }

        @Test
        void withNotifyConfigSubscribersAreTold_8_2_5_3() throws Exception {
            createNews();
            await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
            await(engine.configureNode(new ConfigureNode.Request(ALICE, "news", Map.of("pubsub#notify_config", "1"))));
            var configured = awaitEvent(org.pubsubserver.core.event.NodeConfigured.class);
            assertThat(configured.node().config().notifyConfig()).isTrue();
            assertThat(configured.subscribers()).extracting(Subscription::jid).containsExactly(BOB);
        }

        @Test
        void anOwnerPurgesAllItemsAndSubscribersAreTold_8_5_2() throws Exception {
            createNews();
            await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
            publish(ALICE, item("a"), item("b"));
            await(engine.purgeNode(new PurgeNode.Request(ALICE, "news")));
            assertThat(await(engine.retrieveItems(new RetrieveItems.Request(BOB, "news", 0, List.of()))).items()).isEmpty();
            assertThat(awaitEvent(org.pubsubserver.core.event.NodePurged.class).subscribers()).hasSize(1);
        }

        @Test
        void purgeErrors_8_5_3() throws Exception {
            createNews();
            assertThat(refusal(engine.purgeNode(new PurgeNode.Request(BOB, "news"))).condition())
                    .isEqualTo(StanzaCondition.FORBIDDEN);
            await(engine.createNode(new CreateNode.Request(ALICE, "live", Map.of("pubsub#persist_items", "0"))));
            PubSubException transientNode = refusal(engine.purgeNode(new PurgeNode.Request(ALICE, "live")));
            assertThat(transientNode.feature()).isEqualTo("persistent-items");
        }
    }

    @Nested
    class DeleteNodeSection8_4 {
        @Test
        void ownerDeletesAndSubscribersAreTold_8_4_2() throws Exception {
            createNews();
            await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
            await(engine.deleteNode(new DeleteNode.Request(ALICE, "news")));
            assertThat(await(engine.findNode("news"))).isEmpty();
            NodeDeleted event = awaitEvent(NodeDeleted.class);
            assertThat(event.subscribers()).extracting(Subscription::jid).containsExactly(BOB);
        }

        @Test
        void nonOwnerIsForbidden_8_4_3_1() throws Exception {
            createNews();
            PubSubException e = refusal(engine.deleteNode(new DeleteNode.Request(BOB, "news")));
            assertThat(e.condition()).isEqualTo(StanzaCondition.FORBIDDEN);
            assertThat(await(engine.findNode("news"))).isPresent();
        }
    }

    @Test
    void workStillQueuedWhenShutdownTimesOutFailsWithResourceConstraint() throws Exception {
        Lanes one = new Lanes(1, 10);
        var gate = new java.util.concurrent.CountDownLatch(1);
        one.submit("n", () -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        CompletableFuture<Object> queued = one.submit("n", () -> "never");
        assertThat(one.shutdown(100)).isFalse();
        gate.countDown();
        assertThat(refusal(queued).condition()).isEqualTo(StanzaCondition.RESOURCE_CONSTRAINT);
    }

    @Test
    void aFullLaneRefusesWithResourceConstraint() throws Exception {
        Lanes tiny = new Lanes(1, 1);
        var gate = new java.util.concurrent.CountDownLatch(1);
        var running = new java.util.concurrent.CountDownLatch(1);
        try {
            tiny.submit("n", () -> {
                running.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            // the lane has taken the first task off its queue: the second fills it, the third finds it full
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            tiny.submit("n", () -> null);
            CompletableFuture<Object> refused = tiny.submit("n", () -> null);
            assertThat(refusal(refused).condition()).isEqualTo(StanzaCondition.RESOURCE_CONSTRAINT);
        } finally {
            gate.countDown();
            tiny.close();
        }
    }
}
