package org.pubsubserver.xmpp.link;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.xmpp.packet.Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The component's connection to its XMPP server (XEP-0114): connects, authenticates with the shared secret,
 * passes inbound stanzas to an {@link InboundStanzaHandler}, sends outbound ones, keeps the link alive, and
 * re-establishes it with jittered exponential backoff whenever it drops, until {@link #stop()}.
 *
 * <p>All state lives on one event loop of the given group; {@link #send} may be called from any thread.
 * Stanzas sent while the link is down are not queued: {@code send} returns false.
 */
public final class ComponentLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentLink.class);
    /** Backoff start for failures where the server refused us (a wrong secret does not fix itself in a second). */
    static final Duration REFUSAL_FLOOR = Duration.ofSeconds(5);
    /** How long we wait for the server's closing tag after sending ours on stop. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
    private static final long CONGESTION_WARNING_INTERVAL_MILLIS = 10_000;

    private final ComponentLinkSettings settings;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final Clock clock;
    private final Backoff backoff;
    private final ReconnectScheduler scheduler;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicLong lastCongestionWarning = new AtomicLong(Long.MIN_VALUE / 2);
    private final ChannelFutureListener sendFailureLogger = future -> {
        if (!future.isSuccess()) {
            LOG.debug("A stanza for the XMPP server at {} was not written: {}", address(), future.cause().toString());
        }
    };

    /** The authenticated channel, or null while the link is down; read by senders on any thread. */
    /** The size a batch of stanzas is written at (see {@link #sendAll}). */
    static final int BATCH_BYTES = 64 * 1024;
    private volatile Channel ready;
    /** Completes on the next successful handshake; replaced when the link drops. */
    private volatile CompletableFuture<Void> authenticated = new CompletableFuture<>();

    // Confined to the event loop:
    private boolean started;
    private boolean stopping;
    private Channel current;
    private Instant authenticatedAt;
    private Runnable cancelReconnect;

    /**
     * @param group an event loop group, NIO's or epoll's; the link uses one of its loops for all its work
     * @param handler receives inbound stanzas on that loop once the link is authenticated
     */
    public ComponentLink(ComponentLinkSettings settings, EventLoopGroup group, InboundStanzaHandler handler) {
        this(settings, group, handler, Clock.systemUTC(), new SplittableRandom(), null);
    }

    /** For tests: the clock that decides when a link counts as stable, the jitter source and the scheduler. */
    ComponentLink(ComponentLinkSettings settings, EventLoopGroup group, InboundStanzaHandler handler, Clock clock,
            RandomGenerator random, ReconnectScheduler scheduler) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(handler, "handler");
        this.loop = group.next();
        this.clock = clock;
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), random);
        this.scheduler = scheduler != null ? scheduler : this::scheduleOnLoop;
        this.bootstrap = new ComponentLinkInitializer(settings, handler, this::onAuthenticated)
                .configure(new Bootstrap().group(loop).channel(
                        loop.parent() instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class));
    }

    /** Starts connecting in the background; the link then keeps itself up until {@link #stop()}. */
    public void start() {
        onLoop(() -> {
            if (!started && !stopping) {
                started = true;
                LOG.info("Connecting component {} to the XMPP server at {}", settings.domain(), address());
                connect();
            }
        });
    }

    /** Completes when the link is (or next becomes) authenticated; fails if the link is stopped first. */
    public CompletableFuture<Void> awaitAuthenticated() {
        return authenticated.copy();
    }

    /** True while the link is authenticated and accepts stanzas. */
    public boolean isAuthenticated() {
        return ready != null;
    }

    /** True while the server keeps up with what we write; past the water mark, sends are buffered. */
    public boolean isWritable() {
        Channel channel = ready;
        return channel != null && channel.isWritable();
    }

    /**
     * Queues a stanza for the server; thread-safe, never blocks. Returns false, and drops the stanza, when the
     * link is down or too much is already waiting to be written. True means accepted, not delivered.
     */
    public boolean send(String stanzaXml) {
        Channel channel = ready;
        if (channel == null || !channel.isActive()) {
            LOG.debug("Dropped a stanza for the XMPP server at {}: the link is down", address());
            return false;
        }
        if (!channel.isWritable() && channel.bytesBeforeWritable() > ComponentLinkInitializer.MAX_PENDING_BYTES) {
            warnCongested();
            return false;
        }
        // the pipeline's FlushConsolidationHandler turns the flushes of a burst into a few system calls
        channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), stanzaXml)).addListener(sendFailureLogger);
        return true;
    }

    /**
     * Queues stanzas for the server, in order, encoded into buffers of up to {@value #BATCH_BYTES} bytes: the
     * notifications of a publish to many subscribers take a few hundred writes instead of one each. As
     * {@link #send(String)}, it drops (and returns false) once the link is down or congested.
     */
    public boolean sendAll(List<String> stanzas) {
        Channel channel = ready;
        if (channel == null || !channel.isActive()) {
            LOG.debug("Dropped {} stanzas for the XMPP server at {}: the link is down", stanzas.size(), address());
            return false;
        }
        ByteBuf batch = null;
        for (String stanza : stanzas) {
            if (batch == null) {
                batch = channel.alloc().buffer(BATCH_BYTES + 1024);
            }
            ByteBufUtil.writeUtf8(batch, stanza);
            if (batch.readableBytes() >= BATCH_BYTES) {
                if (!write(channel, batch)) {
                    return false;
                }
                batch = null;
            }
        }
        return batch == null || write(channel, batch);
    }

    /** Writes what {@link #sendAll} encoded, unless the link is congested (then drops it). */
    private boolean write(Channel channel, ByteBuf encoded) {
        if (!channel.isWritable() && channel.bytesBeforeWritable() > ComponentLinkInitializer.MAX_PENDING_BYTES) {
            encoded.release();
            warnCongested();
            return false;
        }
        channel.writeAndFlush(encoded).addListener(sendFailureLogger);
        return true;
    }

    /** {@link #send(String)} of the packet's XML. */
    public boolean send(Packet packet) {
        return send(packet.toXML());
    }

    /**
     * Closes the stream ({@code </stream:stream>}), waits briefly for the server to close its own, and closes the
     * connection; no reconnect follows. Completes when the connection is closed.
     */
    public CompletableFuture<Void> stop() {
        onLoop(this::stopOnLoop);
        return stopped.copy();
    }

    /** {@link #stop()}, waiting for it at most the connect timeout plus a second. */
    @Override
    public void close() {
        Duration bound = settings.connectTimeout().plus(CLOSE_GRACE);
        try {
            stop().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("The link for component {} did not close within {}", settings.domain(),
                    LinkDiagnosis.format(bound));
        } catch (ExecutionException e) {
            LOG.warn("Closing the link for component {} failed", settings.domain(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void connect() {
        cancelReconnect = null;
        if (stopping) {
            return;
        }
        ChannelFuture connecting = bootstrap.connect(settings.host(), settings.port());
        Channel channel = connecting.channel();
        current = channel;
        connecting.addListener((ChannelFuture future) -> {
            if (future.isSuccess()) {
                channel.closeFuture().addListener(closed -> linkDown(channel, LinkFailure.recorded(channel)));
            } else {
                channel.close();
                linkDown(channel, LinkFailure.connectFailed(future.cause()));
            }
        });
    }

    private void onAuthenticated(Channel channel) {
        if (channel != current || stopping) {
            channel.close();
            return;
        }
        authenticatedAt = clock.instant();
        ready = channel;
        LOG.info("Component {} is connected to the XMPP server at {}", settings.domain(), address());
        authenticated.complete(null);
    }

    private void linkDown(Channel channel, LinkFailure failure) {
        if (channel != current) {
            return;
        }
        current = null;
        boolean wasReady = ready == channel;
        ready = null;
        if (stopping) {
            LOG.info("Component {} is disconnected from the XMPP server at {}", settings.domain(), address());
            stopped.complete(null);
            return;
        }
        if (authenticated.isDone()) {
            authenticated = new CompletableFuture<>();
        }
        if (wasReady && upFor(authenticatedAt).compareTo(settings.maxBackoff()) >= 0) {
            backoff.reset(); // up at least as long as the longest delay: the link counts as healthy again
        }
        LinkFailure reason = failure != null ? failure
                : LinkFailure.of(wasReady ? LinkFailure.Kind.CLOSED_BY_SERVER
                        : LinkFailure.Kind.CLOSED_DURING_HANDSHAKE, null);
        Duration delay = backoff.next(reason.isRefusal() ? REFUSAL_FLOOR : Duration.ZERO);
        String sentence = LinkDiagnosis.sentence(reason, settings, delay);
        if (LinkDiagnosis.isError(reason)) {
            LOG.error(sentence);
        } else {
            LOG.warn(sentence);
        }
        try {
            cancelReconnect = scheduler.schedule(() -> onLoop(this::connect), delay);
        } catch (RejectedExecutionException e) {
            LOG.debug("The event loop of the link for component {} is shut down; not reconnecting", settings.domain());
            stopping = true;
            stopped.complete(null);
        }
    }

    private void stopOnLoop() {
        if (stopping) {
            return;
        }
        stopping = true;
        ready = null;
        if (cancelReconnect != null) {
            cancelReconnect.run();
            cancelReconnect = null;
        }
        IllegalStateException stoppedError = new IllegalStateException("the component link was stopped");
        if (!authenticated.completeExceptionally(stoppedError)) {
            authenticated = CompletableFuture.failedFuture(stoppedError);
        }
        Channel channel = current;
        if (channel == null) {
            stopped.complete(null);
        } else if (channel.isActive()) {
            Duration grace = CLOSE_GRACE.compareTo(settings.connectTimeout()) < 0 ? CLOSE_GRACE
                    : settings.connectTimeout();
            ComponentLinkInitializer.session(channel).closeGracefully(grace);
        } else {
            channel.close();
        }
    }

    private Duration upFor(Instant since) {
        return Duration.between(since, clock.instant());
    }

    private Runnable scheduleOnLoop(Runnable task, Duration delay) {
        ScheduledFuture<?> future = loop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("The event loop of the link for component {} is shut down", settings.domain());
            ready = null;
            stopped.complete(null);
        }
    }

    private void warnCongested() {
        long now = clock.millis();
        long last = lastCongestionWarning.get();
        if (now - last >= CONGESTION_WARNING_INTERVAL_MILLIS && lastCongestionWarning.compareAndSet(last, now)) {
            LOG.warn("Dropped stanzas for the XMPP server at {}: more than {} bytes wait to be written to it;"
                    + " check the server's load and the network", address(),
                    ComponentLinkInitializer.MAX_PENDING_BYTES);
        }
    }

    private String address() {
        return settings.address();
    }
}
