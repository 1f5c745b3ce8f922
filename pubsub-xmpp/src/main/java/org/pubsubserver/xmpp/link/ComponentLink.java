package org.pubsubserver.xmpp.link;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Clock;
import java.time.Duration;
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
import org.pubsubserver.xmpp.stanza.StanzaOutput;
import org.xmpp.packet.Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The component's connection to its XMPP server (XEP-0114): connects, authenticates with the shared secret,
 * passes inbound stanzas to the {@link InboundStanzaHandler} it is started with, sends outbound ones, keeps the
 * link alive, and re-establishes it with jittered exponential backoff whenever it drops or an attempt fails,
 * however it fails, until {@link #stop()}. The backoff starts again from its first delay once the server takes
 * the handshake, and never goes below {@link #REFUSAL_FLOOR} after a refusal.
 *
 * <p>Several instances of the service may connect as one domain. Where the XMPP server takes one connection per
 * component domain (Prosody, Openfire), it answers the others with {@code <conflict/>}: such a link stands by
 * ({@link LinkState#STANDING_BY}, logged once at INFO), tries again every {@link ComponentLinkSettings#standbyRetry()}
 * (with a little jitter, never the exponential backoff), and takes the link over once the server has dropped the
 * instance that held it. {@link #state()} tells where the link stands.
 *
 * <p>It is the component's {@link StanzaOutput}, usable from its construction on: what is sent before
 * {@link #start} has connected it, or while the link is down, is not queued ({@code send} returns false). So
 * what sends stanzas can be built before what receives them, without a late-bound output.
 *
 * <p>All state lives on one event loop of the given group; {@link #send} may be called from any thread.
 */
public final class ComponentLink implements StanzaOutput, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentLink.class);
    /** Backoff start for failures where the server refused us (a wrong secret does not fix itself in a second). */
    static final Duration REFUSAL_FLOOR = Duration.ofSeconds(5);
    /** How long we wait for the server's closing tag after sending ours on stop. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
    private static final long CONGESTION_WARNING_INTERVAL_MILLIS = 10_000;

    private final ComponentLinkSettings settings;
    private final EventLoop loop;
    /**
     * Makes each attempt's channel: the loop and transport from the constructor, the pipeline (which delivers to the
     * handler) from {@link #start}, before the first attempt.
     */
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

    /** The size a batch of stanzas is written at (see {@link #sendAll}). */
    static final int BATCH_BYTES = 64 * 1024;
    /** The authenticated channel, or null while the link is down; read by senders on any thread. */
    private volatile Channel ready;
    /** Completes on the next successful handshake; replaced when the link drops. */
    private volatile CompletableFuture<Void> authenticated = new CompletableFuture<>();
    /** Written on the event loop, read from any thread. */
    private volatile LinkState state = LinkState.NEW;
    /** Attempts scheduled after a link or an attempt ended (standby retries not counted); written on the loop. */
    private volatile long reconnects;

    // Confined to the event loop:
    private boolean started;
    private boolean stopping;
    /** The channel of the current attempt or link; null between attempts. */
    private Channel current;
    private Runnable cancelReconnect;
    /** The current period of standing by, if there is one. */
    private final StandbyPeriod standby = new StandbyPeriod();

    /** @param group an event loop group, NIO's or epoll's; the link uses one of its loops for all its work */
    public ComponentLink(ComponentLinkSettings settings, EventLoopGroup group) {
        this(settings, group, Clock.systemUTC(), new SplittableRandom(), null, null);
    }

    /**
     * For tests: the clock of the congestion warnings, the jitter source, the scheduler of attempts (null: the
     * event loop) and what makes each attempt's socket (null: the transport of the group).
     */
    ComponentLink(ComponentLinkSettings settings, EventLoopGroup group, Clock clock, RandomGenerator random,
            ReconnectScheduler scheduler, ChannelFactory<? extends Channel> sockets) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.loop = group.next();
        this.clock = clock;
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), random);
        this.scheduler = scheduler != null ? scheduler : this::scheduleOnLoop;
        Bootstrap bootstrap = new Bootstrap().group(loop);
        if (sockets != null) {
            bootstrap.channelFactory(sockets);
        } else {
            bootstrap.channel(loop.parent() instanceof EpollEventLoopGroup ? EpollSocketChannel.class
                    : NioSocketChannel.class);
        }
        this.bootstrap = bootstrap;
    }

    /**
     * Starts connecting in the background; the link then keeps itself up until {@link #stop()}, and passes every
     * stanza the server routes to the component to {@code handler}, on the link's event loop, once authenticated.
     * A second start, or one after {@link #stop()}, does nothing.
     */
    public void start(InboundStanzaHandler handler) {
        Objects.requireNonNull(handler, "handler");
        onLoop(() -> {
            if (!started && !stopping) {
                started = true;
                state = LinkState.CONNECTING;
                new ComponentLinkInitializer(settings, handler, this::onAuthenticated).configure(bootstrap);
                LOG.info("Connecting component {} to the XMPP server at {}", settings.domain(), address());
                connect();
            }
        });
    }

    /** Completes when the link is (or next becomes) authenticated; fails if the link is stopped first. */
    public CompletableFuture<Void> awaitAuthenticated() {
        return authenticated.copy();
    }

    /**
     * How many times the link was tried again after it or an attempt ended (the XMPP server closed it, refused it,
     * could not be reached); the retries of an instance standing by are not counted.
     */
    public long reconnects() {
        return reconnects;
    }

    /** Where the link stands; readable from any thread. */
    public LinkState state() {
        return state;
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
     * link is down (or not yet started) or too much is already waiting to be written. True means accepted, not
     * delivered.
     */
    @Override
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
    @Override
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

    /**
     * One attempt. Whatever way it fails (no socket could be made or registered, the connection is refused or
     * times out, the handshake fails, the link drops later), {@link #linkDown} runs once for it, on the loop, and
     * schedules the next attempt whatever else throws.
     */
    private void connect() {
        cancelReconnect = null;
        if (stopping) {
            return;
        }
        ChannelFuture connecting;
        try {
            connecting = bootstrap.connect(settings.host(), settings.port());
        } catch (RuntimeException e) { // the bootstrap refused before making a channel
            linkDown(null, LinkFailure.noSocket(e));
            return;
        }
        Channel channel = connecting.channel();
        current = channel;
        // When no socket could be made, the future completes at once on another thread (Netty's global executor).
        connecting.addListener((ChannelFuture future) -> onLoop(() -> connected(channel, future)));
    }

    private void connected(Channel channel, ChannelFuture future) {
        if (future.isSuccess()) {
            channel.closeFuture().addListener(closed -> linkDown(channel, LinkFailure.recorded(channel)));
            return;
        }
        // registered: the socket was made and the connect itself failed; else making or registering it failed
        LinkFailure failure = channel.isRegistered() ? LinkFailure.connectFailed(future.cause())
                : LinkFailure.noSocket(future.cause());
        try {
            linkDown(channel, failure);
        } finally {
            release(channel);
        }
    }

    /**
     * Closes the channel of a failed attempt. One that no loop registered has no pipeline to close through (its
     * {@code close()} throws), and Netty has already closed its socket, if it made one.
     */
    private static void release(Channel channel) {
        if (channel.isRegistered()) {
            channel.close();
        }
    }

    private void onAuthenticated(Channel channel) {
        if (channel != current || stopping) {
            channel.close();
            return;
        }
        ready = channel;
        state = LinkState.LINKED;
        backoff.reset(); // the server took us: after this link drops, the first attempt comes soon again
        Duration stoodBy = standby.end(clock.millis());
        if (stoodBy != null) {
            LOG.info(LinkDiagnosis.tookOver(settings, stoodBy));
        } else {
            LOG.info("Component {} is connected to the XMPP server at {}", settings.domain(), address());
        }
        authenticated.complete(null);
    }

    /** The attempt or link of {@code channel} (null: an attempt that made none) has ended. */
    private void linkDown(Channel channel, LinkFailure failure) {
        if (channel != current && channel != null) {
            return;
        }
        current = null;
        boolean wasReady = channel != null && ready == channel;
        ready = null;
        if (stopping) {
            LOG.info("Component {} is disconnected from the XMPP server at {}", settings.domain(), address());
            stopped.complete(null);
            return;
        }
        if (authenticated.isDone()) {
            authenticated = new CompletableFuture<>();
        }
        LinkFailure reason = failure != null ? failure
                : LinkFailure.of(wasReady ? LinkFailure.Kind.CLOSED_BY_SERVER
                        : LinkFailure.Kind.CLOSED_DURING_HANDSHAKE, null);
        if (reason.isConflict()) {
            standBy(reason, wasReady);
            return;
        }
        state = LinkState.CONNECTING;
        standby.end(clock.millis());
        reconnects++; // on the loop only
        Duration delay = backoff.next(reason.isRefusal() ? REFUSAL_FLOOR : Duration.ZERO);
        try {
            String sentence = LinkDiagnosis.sentence(reason, settings, delay);
            if (LinkDiagnosis.isError(reason)) {
                LOG.error(sentence);
            } else {
                LOG.warn(sentence);
            }
        } finally {
            scheduleAttempt(delay);
        }
    }

    /**
     * The server refused this connection, or ended this link, because another connection as the domain holds it:
     * presumably another instance of this service. Not an error: tries again at the short standby interval, so as to
     * take over soon after the holder is gone. Logged once per standby period (at WARN when it ended a link of
     * ours, since repeated that means the instances take the link from each other), each further attempt at DEBUG.
     */
    private void standBy(LinkFailure conflict, boolean wasLinked) {
        state = LinkState.STANDING_BY;
        backoff.reset(); // the server is up and answers: should it go away, the first attempt comes soon
        Duration delay = backoff.standby(settings.standbyRetry());
        try {
            long now = clock.millis();
            switch (standby.refused(now, wasLinked)) {
                case REPLACED -> LOG.warn(LinkDiagnosis.replaced(conflict, settings));
                case FIRST -> LOG.info(LinkDiagnosis.standingBy(settings));
                case AGAIN -> {
                    if (LOG.isDebugEnabled()) {
                        LOG.debug(LinkDiagnosis.stillStandingBy(settings, standby.attempts(), standby.length(now), delay));
                    }
                }
            }
        } finally {
            scheduleAttempt(delay);
        }
    }

    private void scheduleAttempt(Duration delay) {
        try {
            cancelReconnect = scheduler.schedule(() -> onLoop(this::connect), delay);
        } catch (RejectedExecutionException e) {
            LOG.debug("The event loop of the link for component {} is shut down; not reconnecting", settings.domain());
            stopping = true;
            state = LinkState.STOPPED;
            stopped.complete(null);
        }
    }

    private void stopOnLoop() {
        if (stopping) {
            return;
        }
        stopping = true;
        state = LinkState.STOPPED;
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
            release(channel); // its attempt's end completes the stop
        }
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
            state = LinkState.STOPPED;
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
