package org.pubsubserver.http;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.HEAD;
import static io.netty.handler.codec.http.HttpMethod.OPTIONS;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static org.pubsubserver.http.routing.Router.route;

import java.util.List;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.http.publish.PublishRoute;
import org.pubsubserver.http.routing.Cors;
import org.pubsubserver.http.routing.HostCheck;
import org.pubsubserver.http.routing.HostMatcher;
import org.pubsubserver.http.routing.MethodCheck;
import org.pubsubserver.http.routing.PathMatch;
import org.pubsubserver.http.routing.Preflight;
import org.pubsubserver.http.routing.Router;
import org.pubsubserver.http.sse.MultiNodeStreamRoute;
import org.pubsubserver.http.sse.NodeStreamRoute;
import org.pubsubserver.http.sse.ReaderToken;
import org.pubsubserver.http.sse.SseStreams;
import org.pubsubserver.http.sse.StreamLimits;
import org.pubsubserver.http.sse.StreamRouteParts;
import org.pubsubserver.http.web.ConsoleFileRoute;
import org.pubsubserver.http.web.NodeListRoute;

/**
 * The route table: every path the server answers, the steps in front of it, and the class that answers it. Every
 * request first passes the host check; a path no line matches is 404. A new route is one class and one line here.
 */
final class HttpRoutes {
    private HttpRoutes() {
    }

    /** The router, shared by every connection and HTTP/2 stream of one server. */
    static Router router(PubSubEngine engine, SseStreams streams, HttpSettings settings, StreamTokens tokens,
                         PublishRoute publish) {
        Cors cors = new Cors(settings.corsOrigins()); // the streams' and the list's (publishing's takes the same origins)
        StreamLimits limits = new StreamLimits(settings.maxStreams(), settings.maxStreamsPerAddress(),
                settings.trustedProxies());
        Preflight streamPreflight = new Preflight(cors, ReaderToken::notInUrl);
        StreamRouteParts streamParts = StreamRouteParts.of(engine, streams, tokens, cors, limits, settings.retryHint(),
                settings.heartbeatInterval());
        return new Router(List.of(new HostCheck(new HostMatcher(settings.hosts()))), List.of(
                route(PathMatch.exactly(ConsoleFileRoute.PAGE_PATH), ConsoleFileRoute.page(),
                        MethodCheck.orNotFound(GET, HEAD)),
                route(PathMatch.exactly(ConsoleFileRoute.SCRIPT_PATH), ConsoleFileRoute.script(),
                        MethodCheck.orNotFound(GET, HEAD)),
                route(PathMatch.exactly(ConsoleFileRoute.STYLE_PATH), ConsoleFileRoute.style(),
                        MethodCheck.orNotFound(GET, HEAD)),
                route(PathMatch.exactly(NodeListRoute.PATH), new NodeListRoute(engine, cors),
                        MethodCheck.orNotFound(GET)),
                route(PathMatch.exactly(MultiNodeStreamRoute.PATH, MultiNodeStreamRoute.PATH_WITH_SLASH),
                        new MultiNodeStreamRoute(streamParts), streamPreflight, MethodCheck.orNotFound(GET)),
                route(PathMatch.below(NodeStreamRoute.PATH_PREFIX), new NodeStreamRoute(streamParts), streamPreflight,
                        MethodCheck.orNotAllowed(GET, HEAD, OPTIONS)),
                // never anonymous: only the configured origins' pages may publish
                route(PathMatch.below(PublishRoute.PATH_PREFIX), publish,
                        new Preflight(cors, exchange -> false, PublishRoute.METHODS, PublishRoute.REQUEST_HEADERS),
                        MethodCheck.orNotAllowed(POST, OPTIONS))));
    }
}
