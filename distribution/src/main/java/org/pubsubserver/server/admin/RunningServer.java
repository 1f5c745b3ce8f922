package org.pubsubserver.server.admin;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.pubsubserver.server.config.ServerConfig;

/**
 * A running server, asked through its admin listener ({@code admin.bind}:{@code admin.port}, or {@code --url}): what
 * the admin command does goes through the server's engine, so its caches, streams and subscribers see it.
 */
final class RunningServer {
    /** An answer of the admin listener: its status and body. */
    record Answer(int status, String body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final URI base;
    /** admin.token, "" for none. */
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    RunningServer(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /**
     * The server the configuration's admin listener names (empty where it is off), asked with its admin.token; an
     * admin.bind that listens on every interface is asked on loopback.
     */
    static Optional<RunningServer> configured(ServerConfig.Admin admin) {
        if (!admin.enabled()) {
            return Optional.empty();
        }
        String bind = admin.bind();
        String host = bind.equals("0.0.0.0") || bind.equals("::") || bind.isEmpty() ? "127.0.0.1" : bind;
        return Optional.of(new RunningServer(URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host)
                + ":" + admin.port()), admin.token()));
    }

    URI base() {
        return base;
    }

    /** Whether a server answers there (its liveness). */
    boolean answers() {
        try {
            return http.send(request("/health/live").build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (ConnectException | HttpConnectTimeoutException e) {
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Answer get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    Answer post(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** A streamed GET (an export): the body when 200, else empty with the answer's text in {@code refusal}. */
    Optional<InputStream> stream(String path, StringBuilder refusal) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request(path).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 200) {
            return Optional.of(response.body());
        }
        try (InputStream body = response.body()) {
            refusal.append(new String(body.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
        return Optional.empty();
    }

    private HttpRequest.Builder request(String path) {
        // the header no web page can send to the listener (see OperatorRequests)
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(10))
                .header("X-Pubsub-Admin", "1");
        return token.isEmpty() ? request : request.header("Authorization", "Bearer " + token);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
