package org.pubsubserver.xmpp.link;

import io.netty.channel.Channel;
import io.netty.channel.ConnectTimeoutException;
import io.netty.util.AttributeKey;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Set;
import org.pubsubserver.xmpp.stream.StanzaLimits;
import org.pubsubserver.xmpp.stream.StreamError;
import org.pubsubserver.xmpp.stream.StreamErrorCondition;

/**
 * Why one connection of the link ended: what kind of failure, the stream error condition where there was one,
 * the detail (the error's text or the exception's message), and for a {@code policy-violation} we sent, which of
 * the {@link StanzaLimits} the server's stream went past. The first reason recorded on a channel wins.
 */
record LinkFailure(Kind kind, String condition, String detail, StanzaLimits.Limit exceededLimit) {

    enum Kind {
        CONNECTION_REFUSED,
        UNRESOLVED_HOST,
        CONNECT_TIMEOUT,
        CONNECT_FAILED,
        /** No socket could be made for the attempt, or registered with the event loop (file descriptors?). */
        NO_SOCKET,
        HANDSHAKE_TIMEOUT,
        CLOSED_DURING_HANDSHAKE,
        CLOSED_BY_SERVER,
        /** The server sent a stream error. */
        STREAM_ERROR_RECEIVED,
        /** We sent a stream error because the server's stream broke a rule. */
        STREAM_ERROR_SENT,
        IO_ERROR,
        INTERNAL_ERROR
    }

    private static final AttributeKey<LinkFailure> KEY = AttributeKey.valueOf(LinkFailure.class, "failure");

    /**
     * Conditions by which the server says it will not take this component as configured. Not {@code <conflict/>}:
     * that one says another connection holds the domain, and is no fault of the configuration ({@link #isConflict}).
     */
    private static final Set<String> REFUSALS = Set.of(
            StreamErrorCondition.NOT_AUTHORIZED.elementName(),
            StreamErrorCondition.HOST_UNKNOWN.elementName(),
            StreamErrorCondition.HOST_GONE.elementName(),
            StreamErrorCondition.INVALID_NAMESPACE.elementName(),
            StreamErrorCondition.IMPROPER_ADDRESSING.elementName());

    LinkFailure(Kind kind, String condition, String detail) {
        this(kind, condition, detail, null);
    }

    static LinkFailure connectFailed(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return new LinkFailure(Kind.CONNECT_TIMEOUT, null, cause.getMessage());
        }
        if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
            return new LinkFailure(Kind.UNRESOLVED_HOST, null, cause.getMessage());
        }
        if (cause instanceof ConnectException && String.valueOf(cause.getMessage()).contains("refused")) {
            return new LinkFailure(Kind.CONNECTION_REFUSED, null, cause.getMessage());
        }
        return new LinkFailure(Kind.CONNECT_FAILED, null, describe(cause));
    }

    /** The attempt failed before it could connect: making or registering its socket failed. */
    static LinkFailure noSocket(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new LinkFailure(Kind.NO_SOCKET, null, describe(root));
    }

    static LinkFailure received(StreamError error) {
        return new LinkFailure(Kind.STREAM_ERROR_RECEIVED, error.conditionName(), error.text());
    }

    static LinkFailure sent(StreamErrorCondition condition, String text, StanzaLimits.Limit exceededLimit) {
        return new LinkFailure(Kind.STREAM_ERROR_SENT, condition.elementName(), text, exceededLimit);
    }

    static LinkFailure of(Kind kind, String detail) {
        return new LinkFailure(kind, null, detail);
    }

    static LinkFailure ioError(Throwable cause) {
        return new LinkFailure(Kind.IO_ERROR, null, describe(cause));
    }

    /** True when retrying soon cannot help: the server refused this component's secret, name or namespace. */
    boolean isRefusal() {
        return kind == Kind.CLOSED_DURING_HANDSHAKE
                || kind == Kind.STREAM_ERROR_RECEIVED && REFUSALS.contains(condition);
    }

    /**
     * True when the server said another connection as this domain holds the link (RFC 6120 §4.9.3.3): another
     * instance of this service, where the XMPP server takes one connection per component domain.
     */
    boolean isConflict() {
        return kind == Kind.STREAM_ERROR_RECEIVED && StreamErrorCondition.CONFLICT.elementName().equals(condition);
    }

    /** "condition: detail", "condition" or "detail", for the middle of a log sentence. */
    String reason() {
        boolean hasDetail = detail != null && !detail.isBlank();
        if (condition == null) {
            return hasDetail ? detail : kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
        return hasDetail ? condition + ": " + detail : condition;
    }

    /** Records why the channel is about to close, unless a reason was recorded already. */
    static void record(Channel channel, LinkFailure failure) {
        channel.attr(KEY).setIfAbsent(failure);
    }

    /** The reason recorded on the channel, or null. */
    static LinkFailure recorded(Channel channel) {
        return channel.attr(KEY).get();
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
