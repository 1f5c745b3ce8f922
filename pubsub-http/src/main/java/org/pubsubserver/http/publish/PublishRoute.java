package org.pubsubserver.http.publish;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
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

    public PublishRoute(PubSubEngine engine, StreamTokens tokens, PublishSettings settings,
                        Cors cors, Clock clock) {
        this.engine = engine;
        this.credentials = new PublishCredentials(tokens, settings.secrets());
        this.cors = cors;
        this.autoCreate = settings.autoCreate();
        this.clock = clock;
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
            String itemId = requestedItemId(exchange.query());
            List<NewItem> items = PublishBody.items(exchange.headers().get(HttpHeaderNames.CONTENT_TYPE), body, itemId,
                    clock.instant());
            for (NewItem item : items) {
                requireAcceptableId(item.itemId());
            }
            request = new Publish.Request(publisher, node, items, publishOptions(exchange.query()), autoCreate);
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

    private static void requireAcceptableId(String id) {
        if (id != null && id.length() > MAX_ID_LENGTH) {
            throw PublishRefusal.badRequest("an item id longer than " + MAX_ID_LENGTH + " characters is not accepted");
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
        cors.apply(requestHeaders, response, false); // only the configured origins' pages may read the answer
        Responses.send(ctx, keepAlive, response);
    }
}
