package org.pubsubserver.http.admin;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static org.pubsubserver.http.routing.Router.route;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.pubsubserver.http.routing.MethodCheck;
import org.pubsubserver.http.routing.PathMatch;
import org.pubsubserver.http.routing.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' listener ({@code admin.bind}:{@code admin.port}, loopback by default), apart from the public one:
 * {@code /metrics} for Prometheus, {@code /health/live} and {@code /health/ready} for service managers and load
 * balancers, and the routes of the admin command. It answers every host name. Who can reach its address is an
 * operator, unless {@code admin.token} is set ({@link AdminToken}): bind it to loopback or a private network.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** The largest request body taken (the admin command's requests are small). */
    static final int MAX_REQUEST_BODY = 64 * 1024;
    /** A connection that sends nothing for this long is closed, unless it waits for an answer ({@link #answering}). */
    static final int IDLE_SECONDS = 60;

    private final AdminSettings settings;
    private final EventLoopGroup group;
    private final Router router;
    private Channel serverChannel;

    /**
     * {@code scrape}: the metrics in Prometheus' text format; {@code health}: what keeps the server from serving;
     * {@code more}: further routes (the admin command's).
     */
    public AdminServer(AdminSettings settings, EventLoopGroup group, Supplier<String> scrape, HealthCheck health,
                       List<Router.Entry> more) {
        this.settings = settings;
        this.group = group;
        List<Router.Entry> routes = new ArrayList<>(List.of(
                route(PathMatch.exactly(MetricsRoute.PATH), new MetricsRoute(scrape), MethodCheck.orNotAllowed(GET)),
                route(PathMatch.exactly(HealthRoutes.LIVE), HealthRoutes.live(), MethodCheck.orNotAllowed(GET)),
                route(PathMatch.exactly(HealthRoutes.READY), HealthRoutes.ready(health), MethodCheck.orNotAllowed(GET))));
        routes.addAll(more);
        this.router = new Router(List.of(new AdminToken(settings.token())), routes);
    }

    /**
     * Binds; returns the address bound. Throws {@link IOException} saying which setting to change when the address
     * cannot be bound (another process, or another instance on this machine, has the port).
     */
    public InetSocketAddress start() throws InterruptedException, IOException {
        try {
            serverChannel = bind();
        } catch (Exception e) {
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IOException("the admin listener cannot listen on " + settings.bindAddress() + ":" + settings.port()
                    + " (" + e.getMessage() + "): set admin.port to a free port, or 0 to turn it off", e);
        }
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("Admin listener (metrics, health) on {}:{}", bound.getHostString(), bound.getPort());
        if (!settings.loopbackOnly() && settings.token().isEmpty()) {
            LOG.warn("The admin listener on {} answers anyone who reaches it, who may delete nodes and export the"
                    + " store: set admin.token, or bind it to 127.0.0.1", settings.bindAddress());
        }
        return bound;
    }

    private Channel bind() throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(group.next().parent() instanceof EpollEventLoopGroup
                        ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new ReadTimeoutHandler(IDLE_SECONDS), new HttpServerCodec(),
                                new HttpObjectAggregator(MAX_REQUEST_BODY), router);
                    }
                })
                .bind(settings.bindAddress(), settings.port())
                .sync()
                .channel();
    }

    /**
     * The request on {@code channel} is being answered, however long that takes (a list of many nodes, an export):
     * the idle timeout no longer applies to it; the answer closes the connection. On the channel's event loop.
     */
    static void answering(io.netty.channel.Channel channel) {
        if (channel.pipeline().get(ReadTimeoutHandler.class) != null) {
            channel.pipeline().remove(ReadTimeoutHandler.class);
        }
    }

    public void stop() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
