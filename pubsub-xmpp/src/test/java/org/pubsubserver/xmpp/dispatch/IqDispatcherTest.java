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
}
