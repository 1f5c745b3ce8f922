package org.pubsubserver.xmpp.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

/** RFC 6120 §8.2.3: every IQ get/set gets exactly one reply with the same id. */
class IqDispatcherTest {
    private final List<IQ> replies = new CopyOnWriteArrayList<>();
    private final IqDispatcher dispatcher = new IqDispatcher(replies::add);

    private static IQ request(String namespace) {
        IQ iq = new IQ(IQ.Type.get, "r1");
        iq.setFrom(new JID("bob@localhost/x"));
        iq.setTo(new JID("pubsub.localhost"));
        iq.setChildElement("query", namespace);
        return iq;
    }

    /** Registers a handler of get {@code <query xmlns='urn:t'/>} that answers a result; returns what reached it. */
    private List<IQ> handledQueries() {
        List<IQ> handled = new CopyOnWriteArrayList<>();
        dispatcher.register(IQ.Type.get, "urn:t", "query", iq -> {
            handled.add(iq);
            return CompletableFuture.completedFuture(IQ.createResultIQ(iq));
        });
        return handled;
    }

    @Test
    void aHandlerThatThrowsGivesInternalServerError() {
        dispatcher.register(IQ.Type.get, "urn:t", "query", iq -> {
            throw new IllegalStateException("boom");
        });
        dispatcher.dispatch(request("urn:t"));
        assertThat(replies).singleElement().satisfies(reply -> {
            assertThat(reply.getID()).isEqualTo("r1");
            assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.internal_server_error);
        });
    }

    @Test
    void aFailedFutureGivesInternalServerErrorAndARefusalItsCondition() {
        dispatcher.register(IQ.Type.get, "urn:fail", "query", iq -> CompletableFuture.failedFuture(new RuntimeException("db down")));
        dispatcher.register(IQ.Type.get, "urn:refuse", "query", iq -> CompletableFuture.failedFuture(
                PubSubException.of(StanzaCondition.NOT_ALLOWED, "no")));
        dispatcher.dispatch(request("urn:fail"));
        dispatcher.dispatch(request("urn:refuse"));
        assertThat(replies).extracting(r -> r.getError().getCondition())
                .containsExactly(PacketError.Condition.internal_server_error, PacketError.Condition.not_allowed);
        assertThat(replies).extracting(r -> r.getError().getType())
                .containsExactly(PacketError.Type.cancel, PacketError.Type.cancel);
    }

    @Test
    void aHandlerThatSentItsReplyItselfGetsNoSecondOne() {
        dispatcher.register(IQ.Type.get, "urn:self", "query", iq -> CompletableFuture.completedFuture(null));
        dispatcher.dispatch(request("urn:self"));
        assertThat(replies).isEmpty();
    }

    @Test
    void anUnhandledNamespaceGivesServiceUnavailable() {
        dispatcher.dispatch(request("urn:nobody"));
        assertThat(replies).singleElement().satisfies(reply ->
                assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.service_unavailable));
    }

    @Test
    void aKnownPayloadWithTheWrongTypeIsBadRequest() {
        dispatcher.register(IQ.Type.get, "urn:t", "query", iq -> CompletableFuture.completedFuture(IQ.createResultIQ(iq)));
        IQ set = request("urn:t");
        set.setType(IQ.Type.set);
        dispatcher.dispatch(set);
        assertThat(replies).singleElement().satisfies(reply ->
                assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.bad_request));
    }

    @Test
    void resultsAndErrorsAreNeverAnswered() {
        IQ result = request("urn:nobody");
        result.setType(IQ.Type.result);
        dispatcher.dispatch(result);
        assertThat(replies).isEmpty();
    }

    @Test
    void anIqWithoutAnIdIsRefusedWithBadRequestAndReachesNoHandler_rfc6120_8_1_3() {
        List<IQ> handled = handledQueries();
        IQ withoutId = request("urn:t");
        withoutId.getElement().remove(withoutId.getElement().attribute("id"));
        IQ emptyId = request("urn:t");
        emptyId.setID("");

        dispatcher.dispatch(withoutId);
        dispatcher.dispatch(emptyId);

        assertThat(handled).isEmpty();
        assertThat(replies).hasSize(2).allSatisfy(reply -> {
            assertThat(reply.getType()).isEqualTo(IQ.Type.error);
            assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.bad_request);
            assertThat(reply.getError().getType()).isEqualTo(PacketError.Type.modify);
            assertThat(reply.getTo()).isEqualTo(new JID("bob@localhost/x"));
        });
        assertThat(replies.get(0).getElement().attribute("id")).as("none to match").isNull();
        assertThat(replies.get(1).getID()).isEmpty();
    }

    @Test
    void aGetOrSetWithTwoChildrenIsBadRequestAndReachesNoHandler_rfc6120_8_2_3() {
        List<IQ> handled = handledQueries();
        IQ twoChildren = request("urn:t");
        twoChildren.getElement().addElement("query", "urn:t");
        IQ otherSecond = request("urn:t");
        otherSecond.getElement().addElement("ping", "urn:xmpp:ping");

        dispatcher.dispatch(twoChildren);
        dispatcher.dispatch(otherSecond);

        assertThat(handled).isEmpty();
        assertThat(replies).hasSize(2).allSatisfy(reply -> {
            assertThat(reply.getID()).isEqualTo("r1");
            assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.bad_request);
        });
    }

    @Test
    void resultsAndErrorsWithoutAnIdAreNotAnswered_rfc6120_8_2_3() {
        IQ result = request("urn:nobody");
        result.setType(IQ.Type.result);
        result.getElement().remove(result.getElement().attribute("id"));

        dispatcher.dispatch(result);

        assertThat(replies).isEmpty();
    }
}
