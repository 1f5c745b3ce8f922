package org.pubsubserver.http.publish;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.usecase.Publish;
import org.pubsubserver.http.response.Responses;
import org.pubsubserver.http.routing.Cors;
import org.pubsubserver.http.routing.HttpExchange;
import org.pubsubserver.http.routing.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

/**
 * {@code POST /pubsub_post/{node}}: publishes the body to the node, as {@code mod_pubsub_post} does, as the JID of
 * the request's credentials ({@link PublishCredentials}), with that JID's rights on the node, through the same
 * engine call as an XMPP publish (so XMPP subscribers and SSE streams get it as any other). The answer comes after
 * the commit ({@link PublishAnswers}). The URL may name the item ({@code ?item=}) and carry publish-options
 * ({@code ?pubsub%23access_model=open}: preconditions on an existing node, XEP-0060 §7.1.5); other parameters are
 * ignored. Everything but the engine's work happens here on the event loop, bounded by the body limit.
 */
public final class PublishRoute implements Route {
    public static final String PATH_PREFIX = "/pubsub_post/";
    /** What the route serves, and the headers a page's request may send (for the CORS preflight). */
    public static final String METHODS = "POST, OPTIONS";
    public static final String REQUEST_HEADERS = "Authorization, Content-Type, X-Hub-Signature, X-Hub-Signature-256";
    static final String ITEM_PARAMETER = "item";
    private static final String OPTION_PREFIX = "pubsub#";
    /** XEP-0060 leaves item ids to the service; ours are at most this long, as over XMPP. */
    static final int MAX_ID_LENGTH = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(PublishRoute.class);

    private final PubSubEngine engine;
    private final PublishCredentials credentials;
    private final Cors cors;
    private final boolean autoCreate;
    private final Clock clock;
    private final PublishCounts counts;
    private final PublishBody bodies = new PublishBody();

    public PublishRoute(PubSubEngine engine, StreamTokens tokens, PublishSettings settings, Cors cors, Clock clock,
                        PublishCounts counts) {
        this.engine = engine;
        this.counts = counts;
        this.credentials = new PublishCredentials(tokens, settings.secrets());
        this.cors = cors;
        this.autoCreate = settings.autoCreate();
        this.clock = clock;
    }

    /**
     * Whether {@code request} may carry a body up to the publish limit: a POST to a node here whose head carries
     * credentials that may publish ({@link PublishCredentials#mayPublish}). Asked by the body limit, before the
     * body is read, on the decoded path as the router matches it.
     */
    public boolean takesLargeBody(HttpRequest request) {
        if (!HttpMethod.POST.equals(request.method())) {
            return false;
        }
        String path;
        try {
            path = new QueryStringDecoder(request.uri()).path();
        } catch (IllegalArgumentException e) {
            return false;
        }
        return path.length() > PATH_PREFIX.length() && path.startsWith(PATH_PREFIX)
                && credentials.mayPublish(path.substring(PATH_PREFIX.length()), request.headers());
    }

    @Override
    public void answer(HttpExchange exchange) {
        ChannelHandlerContext ctx = exchange.ctx();
        boolean keepAlive = HttpUtil.isKeepAlive(exchange.request());
        HttpHeaders headers = exchange.headers().copy(); // for CORS, after the request is released
        String node = exchange.path().substring(PATH_PREFIX.length());
        Publish.Request request;
        try {
            byte[] body = ByteBufUtil.getBytes(exchange.request().content());
            JID publisher = credentials.publisher(node, exchange.headers(), body);
            requireAcceptableId(node, "the node's name");
            Map<String, List<String>> query = query(exchange);
            String itemId = requestedItemId(query);
            List<NewItem> items = bodies.items(exchange.headers().get(HttpHeaderNames.CONTENT_TYPE), body, itemId,
                    clock.instant());
            for (NewItem item : items) {
                if (item.itemId() != null) {
                    requireAcceptableId(item.itemId(), "the item id");
                }
            }
            request = new Publish.Request(publisher, node, items, publishOptions(query), autoCreate);
        } catch (PublishRefusal refusal) {
            send(ctx, keepAlive, headers, PublishAnswers.refused(refusal));
            return;
        }
        engine.publish(request).whenComplete((result, failure) -> ctx.executor().execute(() ->
                send(ctx, keepAlive, headers, failure == null ? PublishAnswers.published(result) : refusal(node, failure))));
    }

    private static String requestedItemId(Map<String, List<String>> query) {
        List<String> values = query.get(ITEM_PARAMETER);
        if (values == null) {
            return null;
        }
        if (values.get(0).isEmpty()) {
            throw PublishRefusal.badRequest("?item= names no item: leave it out to have an id generated");
        }
        return values.get(0);
    }

    /** As over XMPP: at most {@value #MAX_ID_LENGTH} characters, each one XML can carry (a URL can hold any). */
    private static void requireAcceptableId(String id, String what) {
        if (id.length() > MAX_ID_LENGTH) {
            throw PublishRefusal.badRequest(what + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        XmlText.requireCarriable(id, what);
    }

    private static Map<String, List<String>> query(HttpExchange exchange) {
        try {
            return exchange.query();
        } catch (IllegalArgumentException e) {
            throw PublishRefusal.badRequest("the URL's query is malformed: " + e.getMessage());
        }
    }

    /** The {@code pubsub#...} parameters, or null when there are none (no publish-options). */
    private static Map<String, String> publishOptions(Map<String, List<String>> query) {
        Map<String, String> options = new LinkedHashMap<>();
        query.forEach((name, values) -> {
            if (name.startsWith(OPTION_PREFIX)) {
                options.put(name, values.get(0));
            }
        });
        return options.isEmpty() ? null : options;
    }

    private static FullHttpResponse refusal(String node, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof PubSubException refused) {
            return PublishAnswers.refused(PublishAnswers.of(refused));
        }
        LOG.warn("A publish over HTTP to {} failed: {}", node, cause.toString(), cause);
        return PublishAnswers.refused(new PublishRefusal(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal-server-error",
                "the publish failed; see the server's log"));
    }

    private void send(ChannelHandlerContext ctx, boolean keepAlive, HttpHeaders requestHeaders, FullHttpResponse response) {
        counts.answered(response.status());
        cors.apply(requestHeaders, response, false); // only the configured origins' pages may read the answer
        Responses.send(ctx, keepAlive, response);
    }
}
