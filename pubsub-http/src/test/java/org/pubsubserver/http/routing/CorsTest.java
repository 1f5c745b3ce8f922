package org.pubsubserver.http.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The CORS headers for configured origins (Fetch standard, "CORS protocol"). */
class CorsTest {
    private static HttpResponse answer(Cors cors, String origin) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        cors.apply(new DefaultHttpHeaders().set("Origin", origin), response);
        return response;
    }

    @Test
    void aWildcardLetsAnyPageReadWithoutCredentials() {
        HttpResponse response = answer(new Cors(Set.of("*")), "https://any.example");
        assertThat(response.headers().get("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(response.headers().contains("Access-Control-Allow-Credentials")).isFalse();
    }

    @Test
    void anExactOriginIsEchoedWithCredentialsAndMatchedWithoutCase() {
        HttpResponse response = answer(new Cors(Set.of("https://App.Example")), "https://app.example");
        assertThat(response.headers().get("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
        assertThat(response.headers().get("Access-Control-Allow-Credentials")).isEqualTo("true");
    }

    @Test
    void noOriginsConfiguredMeansNoCrossOriginAccess() {
        HttpResponse response = answer(new Cors(Set.of()), "https://app.example");
        assertThat(response.headers().contains("Access-Control-Allow-Origin")).isFalse();
        assertThat(response.headers().get("Vary")).isEqualTo("Origin");
    }

    @Test
    void aStreamReadAsAJidIsNotSharedThroughTheWildcard() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        new Cors(Set.of("*")).apply(new DefaultHttpHeaders().set("Origin", "https://any.example"), response, false);
        assertThat(response.headers().contains("Access-Control-Allow-Origin")).isFalse();
    }
}
