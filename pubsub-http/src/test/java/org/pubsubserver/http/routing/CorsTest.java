package org.pubsubserver.http.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The CORS headers (Fetch standard, "CORS protocol"): anonymous responses for any origin, responses read as a
 * JID for the configured origins only.
 */
class CorsTest {
    private static HttpResponse answer(Cors cors, String origin, boolean anonymous) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        cors.apply(new DefaultHttpHeaders().set("Origin", origin), response, anonymous);
        return response;
    }

    @Test
    void withNoOriginsConfiguredAnyPageReadsAnAnonymousStreamWithoutCredentials_fetchCorsProtocol() {
        HttpResponse response = answer(new Cors(Set.of()), "https://any.example", true);
        assertThat(response.headers().get("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(response.headers().contains("Access-Control-Allow-Credentials")).isFalse();
        assertThat(new Cors(Set.of()).allows("https://any.example", true)).as("its preflight too").isTrue();
    }

    @Test
    void aWildcardInTheListChangesNothingAndAdmitsNoCredentials() {
        Cors cors = new Cors(Set.of("*"));
        assertThat(answer(cors, "https://any.example", true).headers().get("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(answer(cors, "https://any.example", true).headers().contains("Access-Control-Allow-Credentials")).isFalse();
        assertThat(answer(cors, "https://any.example", false).headers().contains("Access-Control-Allow-Origin")).isFalse();
        assertThat(cors.allows("https://any.example", false)).isFalse();
    }

    @Test
    void aConfiguredOriginIsEchoedWithCredentialsAndMatchedWithoutCase() {
        Cors cors = new Cors(Set.of("https://App.Example"));
        for (boolean anonymous : new boolean[] {true, false}) {
            HttpResponse response = answer(cors, "https://app.example", anonymous);
            assertThat(response.headers().get("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
            assertThat(response.headers().get("Access-Control-Allow-Credentials")).isEqualTo("true");
            assertThat(response.headers().get("Vary")).isEqualTo("Origin");
        }
        assertThat(cors.allows("https://app.example", false)).isTrue();
    }

    @Test
    void aStreamReadAsAJidIsSharedWithConfiguredOriginsOnly() {
        Cors cors = new Cors(Set.of("https://app.example"));
        HttpResponse response = answer(cors, "https://any.example", false);
        assertThat(response.headers().contains("Access-Control-Allow-Origin")).isFalse();
        assertThat(response.headers().get("Vary")).isEqualTo("Origin");
        assertThat(cors.allows("https://any.example", false)).isFalse();
        assertThat(answer(new Cors(Set.of()), "https://any.example", false).headers()
                .contains("Access-Control-Allow-Origin")).isFalse();
    }
}
