package org.pubsubserver.http.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;

/** The engine's refusals of a publish as HTTP answers: the table of statuses. */
class PublishAnswersTest {
    private static FullHttpResponse answer(PubSubException refused) {
        return PublishAnswers.refused(PublishAnswers.of(refused));
    }

    @Test
    void anOverloadedServiceIs503WithRetryAfter_rfc9110_10_2_3() {
        FullHttpResponse overloaded = answer(PubSubException.of(StanzaCondition.RESOURCE_CONSTRAINT,
                "the service is overloaded or stopping; try again later"));
        try {
            assertThat(overloaded.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
            assertThat(overloaded.headers().get("Retry-After")).isEqualTo("1");
            assertThat(overloaded.content().toString(StandardCharsets.UTF_8)).isEqualTo(
                    "{\"error\":\"resource-constraint\",\"message\":\"the service is overloaded or stopping; try again later\"}");
        } finally {
            overloaded.release();
        }
    }

    @Test
    void eachRefusalHasTheStatusThatSaysWhy() {
        assertStatus(PubSubException.nodeNotFound("n"), HttpResponseStatus.NOT_FOUND);
        assertStatus(PubSubException.of(StanzaCondition.FORBIDDEN, "no"), HttpResponseStatus.FORBIDDEN);
        assertStatus(PubSubException.of(StanzaCondition.CONFLICT, PubSubCondition.PRECONDITION_NOT_MET, "x"),
                HttpResponseStatus.CONFLICT);
        assertStatus(PubSubException.of(StanzaCondition.NOT_ALLOWED, PubSubCondition.MAX_ITEMS_EXCEEDED, "x"),
                HttpResponseStatus.CONFLICT);
        assertStatus(PubSubException.of(StanzaCondition.NOT_ACCEPTABLE, PubSubCondition.PAYLOAD_TOO_BIG, "x"),
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
        assertStatus(PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.INVALID_PAYLOAD, "x"),
                HttpResponseStatus.BAD_REQUEST);
        assertStatus(PubSubException.unsupported("publish"), HttpResponseStatus.CONFLICT);
        assertStatus(PubSubException.of(StanzaCondition.INTERNAL_SERVER_ERROR, "x"),
                HttpResponseStatus.INTERNAL_SERVER_ERROR);
    }

    private static void assertStatus(PubSubException refused, HttpResponseStatus status) {
        FullHttpResponse response = answer(refused);
        try {
            assertThat(response.status()).as(refused.getMessage()).isEqualTo(status);
        } finally {
            response.release();
        }
    }
}
