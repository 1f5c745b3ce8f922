package org.pubsubserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.core.usecase.RetrieveItems;
import org.pubsubserver.http.publish.PublishSettings;
import org.xmpp.packet.JID;

/**
 * Publishing over HTTP (issue 17): {@code POST /pubsub_post/<node>} with {@code mod_pubsub_post}'s contract (JSON,
 * Atom, XML and form bodies; X-Hub-Signature webhooks) and with tokens, through the server's real pipeline and a
 * real engine, and every refusal the issue names, each of which publishes nothing.
 */
class PublishOverHttpTest {
    private static final JID ALICE = new JID("alice@localhost");
    private static final JID BOB = new JID("bob@localhost");
    private static final String SECRET = "webhook-secret";
    private static final HttpSettings SETTINGS = new HttpSettings("127.0.0.1", 0, Set.of(Http1Connections.HOST),
            Duration.ofSeconds(15), Duration.ofSeconds(3), Set.of("https://app.example"), 0, 0)
            .withPublishing(new PublishSettings(Map.of("hooks", new PublishSettings.NodeSecret(SECRET, ALICE)),
                    4096, false));

    @RegisterExtension
    static final Http1Connections server = new Http1Connections();

    private static String aliceToken;

    @BeforeAll
    static void nodes() throws Exception {
        for (String node : List.of("news", "hooks", "feed", "forms", "xml", "small")) {
            server.engine().createNode(new CreateNode.Request(ALICE, node)).get();
        }
        server.engine().createNode(new CreateNode.Request(ALICE, "tiny",
                Map.of("pubsub#max_payload_size", "64"))).get();
        server.engine().createNode(new CreateNode.Request(ALICE, "full",
                Map.of("pubsub#max_items", "1", "pubsub#publish_node_full", "reject"))).get();
        aliceToken = server.tokens().issue(ALICE, StreamTokens.Scope.PUBLISH).value();
    }

    private static String post(String target, String contentType, String body, String... headers) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\nHost: ")
                .append(Http1Connections.HOST).append("\r\n");
        if (contentType != null) {
            out.append("Content-Type: ").append(contentType).append("\r\n");
        }
        for (String header : headers) {
            out.append(header).append("\r\n");
        }
        return out.append("Content-Length: ").append(bytes.length).append("\r\n\r\n")
                .append(new String(bytes, StandardCharsets.ISO_8859_1)).toString();
    }

    private static String asAlice(String target, String contentType, String body) {
        return answer(post(target, contentType, body, "Authorization: Bearer " + aliceToken));
    }

    private static String answer(String request) {
        return new String(server.exchange(server.open(SETTINGS), request).getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8);
    }

    private static String status(String answer) {
        return answer.substring(0, answer.indexOf("\r\n"));
    }

    private static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }

    private static Item item(String node, String id) throws Exception {
        List<Item> items = server.engine().retrieveItems(new RetrieveItems.Request(ALICE, node, 0, List.of(id)))
                .get().items();
        return items.isEmpty() ? null : items.get(0);
    }

    private static int count(String node) throws Exception {
        return server.engine().retrieveItems(new RetrieveItems.Request(ALICE, node, 0, List.of())).get().items().size();
    }

    private static String hmac(String algorithm, String body) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), algorithm));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aJsonBodyIsPublishedAsXep0335Json_namedByItsIdMember_andAnsweredAfterTheCommitWithItsEventId() throws Exception {
        String answer = asAlice("/pubsub_post/news", "application/json", "{\"id\":\"j1\",\"text\":\"a < b & ü\"}");
        assertThat(status(answer)).isEqualTo("HTTP/1.1 202 Accepted");
        assertThat(answer).contains("content-type: application/json");
        Item stored = item("news", "j1");
        assertThat(stored.payloadXml())
                .isEqualTo("<json xmlns='urn:xmpp:json:0'>{\"id\":\"j1\",\"text\":\"a &lt; b &amp; ü\"}</json>");
        assertThat(stored.publisher().toBareJID()).isEqualTo("alice@localhost");
        assertThat(body(answer)).isEqualTo("{\"node\":\"news\",\"items\":[{\"id\":\"j1\",\"event\":\""
                + stored.sequence() + "\"}]}");
    }

    @Test
    void theUrlsItemParameterWinsOverTheJsonId_andWithoutEitherAnIdIsGenerated() throws Exception {
        assertThat(status(asAlice("/pubsub_post/news?item=from-url", "application/activity+json", "{\"id\":\"j2\"}")))
                .isEqualTo("HTTP/1.1 202 Accepted");
        assertThat(item("news", "from-url")).isNotNull();
        assertThat(item("news", "j2")).isNull();
        String generated = asAlice("/pubsub_post/news", "application/json; charset=utf-8", "[1,2,3]");
        assertThat(status(generated)).isEqualTo("HTTP/1.1 202 Accepted");
        String id = body(generated).replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        assertThat(id).hasSizeGreaterThan(8);
        assertThat(item("news", id).payloadXml()).isEqualTo("<json xmlns='urn:xmpp:json:0'>[1,2,3]</json>");
    }

    @Test
    void anAtomFeedIsOneItemPerEntry_namedByTheEntriesIds_rfc4287() throws Exception {
        String feed = "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:x='urn:example:x'><title>t</title>"
                + "<entry><id>tag:example.org,2026:1</id><title>One</title><x:tag>a</x:tag></entry>"
                + "<entry><title>Two</title><updated>2026-12-07T00:00:00Z</updated></entry></feed>";
        String answer = asAlice("/pubsub_post/feed", "application/atom+xml", feed);
        assertThat(status(answer)).isEqualTo("HTTP/1.1 202 Accepted");
        Item first = item("feed", "tag:example.org,2026:1");
        assertThat(first.payloadXml()).startsWith("<entry xmlns=\"http://www.w3.org/2005/Atom\"")
                .contains("<title>One</title>", "xmlns:x=\"urn:example:x\"", "<x:tag>a</x:tag>", "<published>");
        assertThat(count("feed")).isEqualTo(2);
        // the entry without an id was given one, which is also its item id
        String second = body(answer).replaceAll(".*\\{\"id\":\"(urn:uuid:[^\"]+)\".*", "$1");
        assertThat(item("feed", second).payloadXml()).contains("<id>" + second + "</id>", "<title>Two</title>");
    }

    @Test
    void otherXmlIsTheItemsPayload_andAFormIsAJsonObjectOfItsFields() throws Exception {
        assertThat(status(asAlice("/pubsub_post/xml?item=x1", "text/xml",
                "<?xml version='1.0'?><status xmlns='urn:example:s'>up</status>"))).isEqualTo("HTTP/1.1 202 Accepted");
        assertThat(item("xml", "x1").payloadXml()).isEqualTo("<status xmlns=\"urn:example:s\">up</status>");
        assertThat(status(asAlice("/pubsub_post/forms", "application/x-www-form-urlencoded", "id=f1&state=ok%21")))
                .isEqualTo("HTTP/1.1 202 Accepted");
        assertThat(item("forms", "f1").payloadXml())
                .isEqualTo("<json xmlns='urn:xmpp:json:0'>{\"id\":\"f1\",\"state\":\"ok!\"}</json>");
    }

    @Test
    void aWebhookSignedWithTheNodesSecretPublishesAsTheConfiguredJid_xHubSignature() throws Exception {
        String body = "{\"id\":\"push-1\",\"ref\":\"main\"}";
        assertThat(status(answer(post("/pubsub_post/hooks", "application/json", body,
                "X-Hub-Signature-256: sha256=" + hmac("HmacSHA256", body))))).isEqualTo("HTTP/1.1 202 Accepted");
        assertThat(item("hooks", "push-1").publisher().toBareJID()).isEqualTo("alice@localhost");
        String older = "{\"id\":\"push-2\"}";
        assertThat(status(answer(post("/pubsub_post/hooks", "application/json", older,
                "X-Hub-Signature: sha1=" + hmac("HmacSHA1", older))))).isEqualTo("HTTP/1.1 202 Accepted");
        assertThat(item("hooks", "push-2")).isNotNull();
    }

    @Test
    void aMissingOrWrongSignatureOrTokenIs401_andPublishesNothing_rfc6750_3() throws Exception {
        long refusedBefore = server.publishCounts().count(401);
        String body = "{\"id\":\"nope\"}";
        String unsigned = answer(post("/pubsub_post/hooks", "application/json", body));
        assertThat(status(unsigned)).isEqualTo("HTTP/1.1 401 Unauthorized");
        assertThat(unsigned).contains("www-authenticate: Bearer realm=\"pubsub\"");
        assertThat(status(answer(post("/pubsub_post/hooks", "application/json", body,
                "X-Hub-Signature-256: sha256=" + hmac("HmacSHA256", body + " "))))).isEqualTo("HTTP/1.1 401 Unauthorized");
        assertThat(status(answer(post("/pubsub_post/news", "application/json", body)))).isEqualTo("HTTP/1.1 401 Unauthorized");
        String forged = answer(post("/pubsub_post/news", "application/json", body, "Authorization: Bearer "
                + aliceToken.substring(0, aliceToken.length() - 2) + "xx"));
        assertThat(status(forged)).isEqualTo("HTTP/1.1 401 Unauthorized");
        assertThat(forged).contains("error=\"invalid_token\"");
        assertThat(status(answer(post("/pubsub_post/news", "application/json", body, "Authorization: Basic YTpi"))))
                .isEqualTo("HTTP/1.1 401 Unauthorized");
        assertThat(item("hooks", "nope")).isNull();
        assertThat(item("news", "nope")).isNull();
        // for the operators' metrics (pubsub_http_publishes_total{status="401"})
        assertThat(server.publishCounts().count(401) - refusedBefore).isEqualTo(5);
    }

    @Test
    void aTokenThatMayOnlyReadIs403_insufficientScope_rfc6750_3_1() throws Exception {
        String reader = server.tokens().issue(ALICE).value();
        String answer = answer(post("/pubsub_post/news", "application/json", "{\"id\":\"r\"}",
                "Authorization: Bearer " + reader));
        assertThat(status(answer)).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(answer).contains("error=\"insufficient_scope\"");
        assertThat(item("news", "r")).isNull();
    }

    @Test
    void aJidTheNodesPublishModelRefusesIs403_xep0060_7_1_3_1() throws Exception {
        String bob = server.tokens().issue(BOB, StreamTokens.Scope.PUBLISH).value();
        String answer = answer(post("/pubsub_post/news", "application/json", "{\"id\":\"b\"}", "Authorization: Bearer " + bob));
        assertThat(status(answer)).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(body(answer)).startsWith("{\"error\":\"forbidden\",\"message\":");
        assertThat(item("news", "b")).isNull();
    }

    @Test
    void aNodeThatDoesNotExistIs404_unlessAutoCreateIsOn_xep0060_7_1_4() throws Exception {
        assertThat(status(asAlice("/pubsub_post/nowhere", "application/json", "{}"))).isEqualTo("HTTP/1.1 404 Not Found");
        assertThat(server.engine().findNode("nowhere").get()).isEmpty();
        HttpSettings creating = SETTINGS.withPublishing(new PublishSettings(Map.of(), 4096, true));
        String answer = new String(server.exchange(server.open(creating), post("/pubsub_post/made?pubsub%23max_items=3",
                "application/json", "{}", "Authorization: Bearer " + aliceToken)).getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8);
        assertThat(status(answer)).isEqualTo("HTTP/1.1 202 Accepted");
        assertThat(server.engine().findNode("made").get()).get().satisfies(node -> {
            assertThat(node.config().maxItems()).isEqualTo(3); // publish-options configure the node it creates (§7.1.5)
            assertThat(node.creator()).isEqualTo(ALICE);
        });
    }

    @Test
    void anUnmetPreconditionOrAFullNodeThatRejectsIs409_xep0060_7_1_5_and_7_1_3_4() throws Exception {
        String unmet = asAlice("/pubsub_post/news?pubsub%23max_items=7", "application/json", "{\"id\":\"p\"}");
        assertThat(status(unmet)).isEqualTo("HTTP/1.1 409 Conflict");
        assertThat(body(unmet)).startsWith("{\"error\":\"precondition-not-met\"");
        assertThat(item("news", "p")).isNull();
        assertThat(status(asAlice("/pubsub_post/full?item=one", "application/json", "{}"))).isEqualTo("HTTP/1.1 202 Accepted");
        String full = asAlice("/pubsub_post/full?item=two", "application/json", "{}");
        assertThat(status(full)).isEqualTo("HTTP/1.1 409 Conflict");
        assertThat(body(full)).startsWith("{\"error\":\"node-full\"");
        assertThat(item("full", "two")).isNull();
    }

    @Test
    void aPayloadOverTheNodesMaxPayloadSizeOrABodyOverTheLimitIs413_xep0060_7_1_3_5() throws Exception {
        String big = "{\"text\":\"" + "x".repeat(100) + "\"}";
        String tooBig = asAlice("/pubsub_post/tiny?item=big", "application/json", big);
        assertThat(status(tooBig)).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        assertThat(body(tooBig)).startsWith("{\"error\":\"payload-too-big\"");
        assertThat(item("tiny", "big")).isNull();
        // the body limit (4096 bytes here), by Content-Length, before the body is read
        String overLimit = asAlice("/pubsub_post/news?item=huge", "application/json", "[\"" + "y".repeat(5000) + "\"]");
        assertThat(status(overLimit)).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        assertThat(overLimit).contains("connection: close");
        // and as a chunked body arrives
        EmbeddedChannel connection = server.open(SETTINGS);
        String chunked = "POST /pubsub_post/news?item=huge HTTP/1.1\r\nHost: " + Http1Connections.HOST
                + "\r\nAuthorization: Bearer " + aliceToken + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + "800\r\n" + "[" + " ".repeat(2047) + "\r\n"
                + "800\r\n" + " ".repeat(2048) + "\r\n" + "800\r\n" + " ".repeat(2048) + "\r\n";
        assertThat(status(server.exchange(connection, chunked))).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        assertThat(connection.isOpen()).isFalse();
        assertThat(item("news", "huge")).isNull();
        // requests that are not publishes keep their small bound
        String get = "GET /nodes HTTP/1.1\r\nHost: " + Http1Connections.HOST + "\r\nContent-Length: 20000\r\n\r\n";
        assertThat(status(answer(get))).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
    }

    @Test
    void anUnsupportedContentTypeIs415() throws Exception {
        assertThat(status(asAlice("/pubsub_post/news?item=t", "text/plain", "hello"))).isEqualTo("HTTP/1.1 415 Unsupported Media Type");
        assertThat(status(asAlice("/pubsub_post/news?item=t", null, "hello"))).isEqualTo("HTTP/1.1 415 Unsupported Media Type");
        assertThat(status(asAlice("/pubsub_post/news?item=t", "application/json; charset=iso-8859-1", "{}")))
                .isEqualTo("HTTP/1.1 415 Unsupported Media Type");
        assertThat(item("news", "t")).isNull();
    }

    @Test
    void anUnparseableBodyOrABadItemIdIs400_andPublishesNothing() throws Exception {
        assertThat(status(asAlice("/pubsub_post/news?item=u1", "application/json", "{\"a\":"))).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(status(asAlice("/pubsub_post/news?item=u2", "application/json", "\"just a string\""))).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(status(asAlice("/pubsub_post/news?item=u3", "application/json", "{} {}"))).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(status(asAlice("/pubsub_post/news?item=u4", "application/json", "[" + "[".repeat(100) + "]".repeat(100) + "]")))
                .isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(status(asAlice("/pubsub_post/news?item=u5", "application/xml", "<a><b></a>"))).isEqualTo("HTTP/1.1 400 Bad Request");
        // no DTD: no entity is expanded, no external file read
        assertThat(status(asAlice("/pubsub_post/news?item=u6", "application/xml",
                "<!DOCTYPE a [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><a>&e;</a>"))).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(status(asAlice("/pubsub_post/news?item=u7", "application/xml", "<a>".repeat(300) + "</a>".repeat(300))))
                .isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(status(asAlice("/pubsub_post/news?item=u8", "application/json", "[\"\uFFFE\"]"))).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(status(asAlice("/pubsub_post/news?item=", "application/json", "{}"))).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(status(asAlice("/pubsub_post/news?item=" + "i".repeat(1025), "application/json", "{}")))
                .isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(status(asAlice("/pubsub_post/news?item=u9", "application/json", ""))).isEqualTo("HTTP/1.1 400 Bad Request");
        for (int i = 1; i <= 9; i++) {
            assertThat(item("news", "u" + i)).as("u" + i).isNull();
        }
    }

    @Test
    void onlyTheConfiguredOriginsPagesMayPublish_theirPreflightIsRefused_fetch_cors() {
        String preflight = "OPTIONS /pubsub_post/news HTTP/1.1\r\nHost: " + Http1Connections.HOST
                + "\r\nOrigin: https://app.example\r\nAccess-Control-Request-Method: POST\r\n"
                + "Access-Control-Request-Headers: authorization, content-type\r\n\r\n";
        String allowed = answer(preflight);
        assertThat(status(allowed)).isEqualTo("HTTP/1.1 204 No Content");
        assertThat(allowed).contains("access-control-allow-origin: https://app.example",
                "access-control-allow-methods: POST, OPTIONS",
                "access-control-allow-headers: Authorization, Content-Type, X-Hub-Signature, X-Hub-Signature-256");
        assertThat(status(answer(preflight.replace("https://app.example", "https://evil.example"))))
                .isEqualTo("HTTP/1.1 403 Forbidden");
        String fromPage = answer(post("/pubsub_post/news?item=c1", "application/json", "{}",
                "Authorization: Bearer " + aliceToken, "Origin: https://app.example"));
        assertThat(fromPage).contains("access-control-allow-origin: https://app.example");
        // a client that is not a browser may publish with its token whatever Origin it sends; a browser's page of
        // another origin cannot send the token at all (its preflight was refused) nor read this answer
        String fromElsewhere = answer(post("/pubsub_post/news?item=c2", "application/json", "{}",
                "Authorization: Bearer " + aliceToken, "Origin: https://evil.example"));
        assertThat(fromElsewhere).doesNotContain("access-control-allow-origin");
        assertThat(status(fromElsewhere)).isEqualTo("HTTP/1.1 202 Accepted");
    }

    @Test
    void otherMethodsAre405() {
        String get = "GET /pubsub_post/news HTTP/1.1\r\nHost: " + Http1Connections.HOST + "\r\n\r\n";
        String answer = answer(get);
        assertThat(status(answer)).isEqualTo("HTTP/1.1 405 Method Not Allowed");
        assertThat(answer).contains("allow: POST, OPTIONS");
    }

    @Test
    void pipelinedPublishesAreAnsweredInTheirOrder_rfc9112_9_3_2() throws Exception {
        EmbeddedChannel connection = server.open(SETTINGS);
        String first = post("/pubsub_post/news?item=order-1", "application/json", "{}", "Authorization: Bearer " + aliceToken);
        String second = "GET /nodes HTTP/1.1\r\nHost: " + Http1Connections.HOST + "\r\n\r\n";
        String third = post("/pubsub_post/news?item=order-3", "application/json", "{}", "Authorization: Bearer " + aliceToken);
        String all = server.exchange(connection, first + second + third);
        int a = all.indexOf("\"id\":\"order-1\"");
        int b = all.indexOf("[\"");
        int c = all.indexOf("\"id\":\"order-3\"");
        assertThat(a).isNotNegative();
        assertThat(b).isGreaterThan(a);
        assertThat(c).isGreaterThan(b);
        assertThat(item("news", "order-3")).isNotNull();
    }

    @Test
    void aLargeBodyWithoutCredentialsIsRefusedBeforeItIsRead_noContinue_rfc9110_10_1_1() {
        // 16 KiB is what a request without a publishing token or signature may send, publish or not
        EmbeddedChannel connection = server.open(SETTINGS);
        String head = "POST /pubsub_post/news HTTP/1.1\r\nHost: " + Http1Connections.HOST
                + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 20000\r\n\r\n";
        String answer = server.exchange(connection, head);
        assertThat(answer).startsWith("HTTP/1.1 413 Request Entity Too Large").doesNotContain("100 Continue");
        assertThat(connection.isOpen()).isFalse();
        // with a token that may publish, the same head is let through (the limit here is 4096: still too large)
        EmbeddedChannel withToken = server.open(SETTINGS);
        String tokenHead = head.replace("Expect: 100-continue\r\n", "Authorization: Bearer " + aliceToken + "\r\n")
                .replace("20000", "3000");
        assertThat(server.exchange(withToken, tokenHead)).isEmpty(); // waiting for the body
        assertThat(withToken.isOpen()).isTrue();
    }

    @Test
    void aRefusedBodyIsAnsweredInItsTurn_afterTheAnswersBeforeIt_andNothingAfterItIsTaken_rfc9112_9_6() throws Exception {
        EmbeddedChannel connection = server.open(SETTINGS);
        String first = post("/pubsub_post/news?item=turn-1", "application/json", "{}", "Authorization: Bearer " + aliceToken);
        String oversized = post("/pubsub_post/news?item=turn-2", "application/json", "[\"" + "z".repeat(5000) + "\"]",
                "Authorization: Bearer " + aliceToken);
        String third = post("/pubsub_post/news?item=turn-3", "application/json", "{}", "Authorization: Bearer " + aliceToken);
        String all = server.exchange(connection, first + oversized + third);
        int accepted = all.indexOf("HTTP/1.1 202 Accepted");
        int refused = all.indexOf("HTTP/1.1 413 Request Entity Too Large");
        assertThat(accepted).isZero();
        assertThat(refused).isGreaterThan(accepted);
        assertThat(all.indexOf("HTTP/1.1", refused + 1)).isNegative();
        assertThat(connection.isOpen()).isFalse();
        assertThat(item("news", "turn-1")).isNotNull();
        assertThat(item("news", "turn-2")).isNull();
        assertThat(item("news", "turn-3")).isNull();
    }

    @Test
    void anIdOrNodeNameXmlCannotCarryOrAMalformedQueryIs400() throws Exception {
        assertThat(status(asAlice("/pubsub_post/news?item=bad%01id", "application/json", "{}"))).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(status(asAlice("/pubsub_post/news", "application/json", "{\"id\":\"nul\\u0000\"}")))
                .isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(status(asAlice("/pubsub_post/news", "application/json", "{\"id\":\"half\\ud800\"}")))
                .isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(status(asAlice("/pubsub_post/ne%00ws", "application/json", "{}"))).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(status(asAlice("/pubsub_post/" + "n".repeat(1025), "application/json", "{}"))).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(status(asAlice("/pubsub_post/news?item=%zz", "application/json", "{}"))).isEqualTo("HTTP/1.1 400 Bad Request");
    }

    @Test
    void jsonInUtf16Is415_rfc8259_8_1() throws Exception {
        String answer = answer(post("/pubsub_post/news?item=u16", "application/json",
                new String("{}".getBytes(StandardCharsets.UTF_16BE), StandardCharsets.UTF_8),
                "Authorization: Bearer " + aliceToken));
        assertThat(status(answer)).isEqualTo("HTTP/1.1 415 Unsupported Media Type");
        assertThat(item("news", "u16")).isNull();
    }

    @Test
    void aFeedOfMoreEntriesThanOneNotificationCarriesIs413() throws Exception {
        HttpSettings roomy = SETTINGS.withPublishing(new PublishSettings(Map.of(), 1024 * 1024, false));
        String feed = "<feed xmlns='http://www.w3.org/2005/Atom'>"
                + "<entry><id>e</id><title>t</title></entry>".repeat(101) + "</feed>";
        String answer = new String(server.exchange(server.open(roomy), post("/pubsub_post/feed", "application/atom+xml",
                feed, "Authorization: Bearer " + aliceToken)).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        assertThat(status(answer)).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        assertThat(body(answer)).contains("post the feed in parts");
        assertThat(item("feed", "e")).isNull();
    }
}
