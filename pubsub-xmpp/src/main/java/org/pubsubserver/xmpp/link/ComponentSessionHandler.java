package org.pubsubserver.xmpp.link;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.dom4j.Element;
import org.pubsubserver.xmpp.stream.StanzaLimits;
import org.pubsubserver.xmpp.stream.StreamErrorCondition;
import org.pubsubserver.xmpp.stream.StreamErrors;
import org.pubsubserver.xmpp.stream.StreamHeader;
import org.pubsubserver.xmpp.stream.XmlEscaper;
import org.pubsubserver.xmpp.stream.XmppNamespaces;
import org.pubsubserver.xmpp.stream.netty.StreamEnd;
import org.pubsubserver.xmpp.stream.netty.StreamFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's XEP-0114 session: opens the stream, answers the server's header with the handshake, waits
 * for the empty {@code <handshake/>}, then hands every stanza to the {@link InboundStanzaHandler}. Stream errors
 * either way (among them {@code <unsupported-stanza-type/>} for a first-level element that is not a stanza), the
 * peer's closing tag and a handshake that takes too long end the connection, with the reason
 * recorded as a {@link LinkFailure}. Once our closing tag or stream error is on its way, stanzas written from
 * outside the session are refused, so nothing follows {@code </stream:stream>}.
 */
final class ComponentSessionHandler extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentSessionHandler.class);
    static final String STREAM_CLOSE = "</stream:stream>";

    private static final String NO_ID = "the stream header has no id to compute the handshake";

    /**
     * {@code ERROR_HEADER}: the server's header has no id, so no handshake can follow. RFC 6120 §4.9.1.2: a server
     * that refuses the stream during its setup still opens its own first, then sends the stream error; Openfire does
     * so with a header without id (as for {@code <conflict/>}). Only what is not a stream error after such a header
     * makes it {@code <bad-format/>}.
     */
    private enum State { AWAITING_HEADER, ERROR_HEADER, AWAITING_HANDSHAKE, AUTHENTICATED, CLOSING }

    private final ComponentLinkSettings settings;
    private final InboundStanzaHandler handler;
    private final Consumer<Channel> onAuthenticated;
    private State state = State.AWAITING_HEADER;
    private ChannelHandlerContext ctx;
    private Future<?> timeout;

    ComponentSessionHandler(ComponentLinkSettings settings, InboundStanzaHandler handler,
            Consumer<Channel> onAuthenticated) {
        this.settings = settings;
        this.handler = handler;
        this.onAuthenticated = onAuthenticated;
    }

    /** XEP-0114 §3: the component opens the stream to its own domain. */
    static String streamHeader(String domain) {
        return "<?xml version='1.0'?><stream:stream xmlns='" + XmppNamespaces.COMPONENT_ACCEPT + "' xmlns:stream='"
                + XmppNamespaces.STREAMS + "' to='" + XmlEscaper.escape(domain) + "'>";
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        write(streamHeader(settings.domain()));
        timeout = ctx.executor().schedule(this::handshakeTimedOut, settings.connectTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimeout();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof Element element) {
            onElement(element);
        } else if (message instanceof StreamHeader header) {
            onHeader(header);
        } else if (message == StreamEnd.INSTANCE) {
            onStreamEnd();
        } else if (message instanceof StreamFault fault) {
            closeWithError(fault.condition(), fault.text(), fault.exceededLimit());
        } else {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        if (!channel.isWritable()) {
            LOG.warn("The XMPP server at {} is not reading fast enough from component {}: outbound stanzas are"
                    + " buffered, and sends are refused once {} bytes wait", settings.address(), settings.domain(),
                    ComponentLinkInitializer.MAX_PENDING_BYTES);
        } else {
            LOG.info("The XMPP server at {} is reading from component {} again", settings.address(),
                    settings.domain());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        if (state == State.CLOSING) {
            ReferenceCountUtil.release(message);
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        ctx.write(message, promise);
    }

    /** Sends our closing tag and closes the connection once the server closes its stream, or after the grace. */
    void closeGracefully(Duration grace) {
        if (state == State.CLOSING) {
            return;
        }
        state = State.CLOSING;
        cancelTimeout();
        write(STREAM_CLOSE);
        ctx.executor().schedule(() -> ctx.close(), grace.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void onHeader(StreamHeader header) {
        if (state != State.AWAITING_HEADER) {
            return;
        }
        if (!XmppNamespaces.COMPONENT_ACCEPT.equals(header.contentNamespace())) {
            closeWithError(StreamErrorCondition.INVALID_NAMESPACE, "expected a stream in "
                    + XmppNamespaces.COMPONENT_ACCEPT + ", got " + header.contentNamespace());
            return;
        }
        if (header.id() == null || header.id().isEmpty()) {
            state = State.ERROR_HEADER; // the stream error that should follow is the reason; anything else is ours
            return;
        }
        state = State.AWAITING_HANDSHAKE;
        write("<handshake>" + HandshakeDigest.of(header.id(), settings.secret()) + "</handshake>");
    }

    private void onElement(Element element) {
        if (StreamErrors.isStreamError(element)) {
            LinkFailure.record(ctx.channel(), LinkFailure.received(StreamErrors.read(element)));
            closeStreamNow();
            return;
        }
        switch (state) {
            case AWAITING_HANDSHAKE -> {
                if (isHandshake(element)) { // XEP-0114 says empty; any content is tolerated
                    state = State.AUTHENTICATED;
                    cancelTimeout();
                    onAuthenticated.accept(ctx.channel());
                } else {
                    LOG.debug("Ignored <{}> received before the handshake completed", element.getName());
                }
            }
            case AUTHENTICATED -> {
                if (isStanza(element)) {
                    deliver(element);
                } else {
                    closeWithError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "<" + element.getQualifiedName()
                            + " xmlns='" + element.getNamespaceURI() + "'> is not a stanza of "
                            + XmppNamespaces.COMPONENT_ACCEPT);
                }
            }
            case ERROR_HEADER -> closeWithError(StreamErrorCondition.BAD_FORMAT, NO_ID);
            default -> LOG.debug("Ignored <{}> received in state {}", element.getName(), state);
        }
    }

    private void deliver(Element stanza) {
        try {
            handler.onStanza(stanza);
        } catch (RuntimeException e) {
            LOG.error("The inbound stanza handler failed on <{} id='{}'>; the stanza is dropped",
                    stanza.getName(), stanza.attributeValue("id"), e);
        }
    }

    private void onStreamEnd() {
        if (state == State.CLOSING) {
            ctx.close();
            return;
        }
        if (state == State.ERROR_HEADER) {
            closeWithError(StreamErrorCondition.BAD_FORMAT, NO_ID);
            return;
        }
        LinkFailure.record(ctx.channel(), LinkFailure.of(state == State.AUTHENTICATED
                ? LinkFailure.Kind.CLOSED_BY_SERVER : LinkFailure.Kind.CLOSED_DURING_HANDSHAKE, null));
        closeStreamNow();
    }

    private void handshakeTimedOut() {
        if (state == State.ERROR_HEADER) {
            closeWithError(StreamErrorCondition.BAD_FORMAT, NO_ID);
            return;
        }
        if (state == State.AWAITING_HEADER || state == State.AWAITING_HANDSHAKE) {
            LinkFailure.record(ctx.channel(), LinkFailure.of(LinkFailure.Kind.HANDSHAKE_TIMEOUT, null));
            closeStreamNow();
        }
    }

    /** RFC 6120 §4.9.1.1: the entity that detects a stream error sends it, closes the stream and the TCP link. */
    private void closeWithError(StreamErrorCondition condition, String text) {
        closeWithError(condition, text, null);
    }

    private void closeWithError(StreamErrorCondition condition, String text, StanzaLimits.Limit exceededLimit) {
        LinkFailure.record(ctx.channel(), LinkFailure.sent(condition, text, exceededLimit));
        state = State.CLOSING;
        cancelTimeout();
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), StreamErrors.toXml(condition, text) + STREAM_CLOSE))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void closeStreamNow() {
        state = State.CLOSING;
        cancelTimeout();
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), STREAM_CLOSE)).addListener(ChannelFutureListener.CLOSE);
    }

    private void write(String xml) {
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), xml))
                .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    /**
     * RFC 6120 §4.9.3.24: a first-level child the stream does not support ends it. Supported are message, presence
     * and iq in the component namespace; in jabber:client and jabber:server too, the namespaces of the same stanzas
     * on other streams, which some servers leave on what they route to components.
     */
    private static boolean isStanza(Element element) {
        String name = element.getName();
        if (!"message".equals(name) && !"presence".equals(name) && !"iq".equals(name)) {
            return false;
        }
        String namespace = element.getNamespaceURI();
        return XmppNamespaces.COMPONENT_ACCEPT.equals(namespace) || XmppNamespaces.CLIENT.equals(namespace)
                || XmppNamespaces.SERVER.equals(namespace);
    }

    private static boolean isHandshake(Element element) {
        return "handshake".equals(element.getName())
                && XmppNamespaces.COMPONENT_ACCEPT.equals(element.getNamespaceURI());
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}
