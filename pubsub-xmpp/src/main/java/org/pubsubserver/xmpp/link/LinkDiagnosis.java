package org.pubsubserver.xmpp.link;

import java.time.Duration;
import java.util.Locale;
import org.pubsubserver.xmpp.stream.StanzaLimits;

/**
 * Turns a {@link LinkFailure} into the one sentence the administrator reads: what happened, what to change,
 * and when the next attempt is; and says, as plainly, when the link stands by because another connection holds
 * the component domain, and when it takes the link over.
 */
final class LinkDiagnosis {

    private LinkDiagnosis() {
    }

    /** True when the failure is a configuration problem worth an ERROR rather than a WARN. */
    static boolean isError(LinkFailure failure) {
        return failure.isRefusal() || failure.kind() == LinkFailure.Kind.UNRESOLVED_HOST
                || failure.kind() == LinkFailure.Kind.NO_SOCKET;
    }

    static String sentence(LinkFailure failure, ComponentLinkSettings settings, Duration retryIn) {
        String server = "The XMPP server at " + settings.address();
        String domain = settings.domain();
        String retry = "; retrying in " + format(retryIn);
        String reason = failure.reason();
        return switch (failure.kind()) {
            case CONNECTION_REFUSED -> "Could not connect to the XMPP server at " + settings.address()
                    + " (connection refused): check that the XMPP server is running with a component port for "
                    + domain + " on " + settings.address() + retry;
            case UNRESOLVED_HOST -> "Could not resolve the XMPP server host " + settings.host() + " (" + reason
                    + "): set xmpp.host to the name or address of the XMPP server" + retry;
            case CONNECT_TIMEOUT -> "Connecting to the XMPP server at " + settings.address() + " timed out after "
                    + format(settings.connectTimeout()) + ": check that the XMPP server is running with a component"
                    + " port for " + domain + " on " + settings.address() + " and that no firewall drops the"
                    + " connection" + retry;
            case CONNECT_FAILED -> "Could not connect to the XMPP server at " + settings.address() + " (" + reason
                    + "): check xmpp.host and xmpp.port and that the XMPP server is reachable from here" + retry;
            case NO_SOCKET -> "Could not open a socket for the link of component " + domain + " to the XMPP server at "
                    + settings.address() + " (" + reason + "): check the process's limit of open files (ulimit -n,"
                    + " LimitNOFILE) and what holds them, such as HTTP connections" + retry;
            case HANDSHAKE_TIMEOUT -> server + " did not complete the component handshake for " + domain
                    + " within " + format(settings.connectTimeout()) + ": check that " + settings.address()
                    + " is a component port (XEP-0114), not a client or server-to-server port" + retry;
            case CLOSED_DURING_HANDSHAKE -> server + " closed the connection during the component handshake for "
                    + domain + ": check that " + settings.address() + " is the component port and that xmpp.secret"
                    + " matches the secret configured for " + domain + " on the XMPP server" + retry;
            case CLOSED_BY_SERVER -> server + " closed the link for component " + domain
                    + ": if it was not restarting, look in its log for the reason" + retry;
            case STREAM_ERROR_RECEIVED -> received(failure, settings, reason) + retry;
            case STREAM_ERROR_SENT -> server + " sent data that breaks the XMPP stream rules (" + reason
                    + "), so the link for " + domain + " was closed with that stream error: " + sentAdvice(failure,
                    settings) + retry;
            case IO_ERROR -> "The link to the XMPP server at " + settings.address() + " for component " + domain
                    + " failed (" + reason + "): check the network between this host and the XMPP server" + retry;
            case INTERNAL_ERROR -> "The link to the XMPP server at " + settings.address() + " for component "
                    + domain + " was closed after an internal error (" + reason + "): see the error logged"
                    + " before this one" + retry;
        };
    }

    /** The start of a standby period: the server refused this connection because another one holds the domain. */
    static String standingBy(ComponentLinkSettings settings) {
        return "Standing by: the XMPP server at " + settings.address() + " already has a component connected as "
                + settings.domain() + " (another instance of this service, presumably); trying again every "
                + format(settings.standbyRetry()) + " to take over when it leaves";
    }

    /**
     * The start of a standby period after the link was up: the server ended it for another connection as the domain
     * (Prosody's {@code component_conflict_resolve = "kick_old"}, or a near tie at Openfire). A WARN, since
     * repeated it means that the instances take the link from each other.
     */
    static String replaced(LinkFailure conflict, ComponentLinkSettings settings) {
        return "Standing by: the XMPP server at " + settings.address() + " gave the link of component "
                + settings.domain() + " to a newer connection as " + settings.domain() + " (" + conflict.reason()
                + "); trying again every " + format(settings.standbyRetry()) + " to take it back when that one"
                + " leaves, but if this repeats every few seconds, the server hands the link to each new connection"
                + " and the instances take it from each other: make it keep the first one (Prosody:"
                + " component_conflict_resolve = \"kick_new\", its default)";
    }

    /** A later attempt of the same standby period, refused again; for the DEBUG log. */
    static String stillStandingBy(ComponentLinkSettings settings, int attempt, Duration standingFor,
            Duration retryIn) {
        return "Still standing by: the XMPP server at " + settings.address() + " still has another component connected"
                + " as " + settings.domain() + " (attempt " + attempt + ", standing by for " + format(standingFor)
                + "); trying again in " + format(retryIn);
    }

    /** The link is up again after a standby period. */
    static String tookOver(ComponentLinkSettings settings, Duration stoodBy) {
        return "Component " + settings.domain() + " is connected to the XMPP server at " + settings.address()
                + ", taking over the link after standing by for " + format(stoodBy)
                + ": the instance that held it is gone";
    }

    private static String received(LinkFailure failure, ComponentLinkSettings settings, String reason) {
        String server = "The XMPP server at " + settings.address();
        String domain = settings.domain();
        return switch (failure.condition()) {
            case "not-authorized" -> server + " refused the secret for component " + domain + " (" + reason
                    + "): set xmpp.secret to the component secret configured for " + domain + " on the XMPP server";
            case "host-unknown" -> server + " does not serve the component domain " + domain + " (" + reason
                    + "): add a component " + domain + " with this secret to the XMPP server's configuration, or"
                    + " set xmpp.domain to the component domain it has";
            case "host-gone" -> server + " no longer serves the component domain " + domain + " (" + reason
                    + "): check that the component " + domain + " is still in the XMPP server's configuration";
            case "invalid-namespace", "improper-addressing" -> server + " rejected the component stream for "
                    + domain + " (" + reason + "): check that " + settings.address() + " is a component port"
                    + " (XEP-0114, jabber:component:accept)";
            case "system-shutdown" -> server + " is shutting down (" + reason + "): the link for " + domain
                    + " will be re-established when it is back";
            case "policy-violation" -> server + " closed the link for " + domain + " for a policy violation ("
                    + reason + "): look in its log and at its stanza size and rate limits for components";
            case "see-other-host" -> server + " asked component " + domain + " to connect elsewhere (" + reason
                    + "): set xmpp.host and xmpp.port to that server";
            default -> server + " closed the link for component " + domain + " with a stream error (" + reason
                    + "): look in the XMPP server's log for the cause";
        };
    }

    private static String sentAdvice(LinkFailure failure, ComponentLinkSettings settings) {
        return switch (failure.condition()) {
            case "policy-violation" -> limitAdvice(failure.exceededLimit(), settings);
            case "invalid-namespace", "bad-format" -> "check that " + settings.address()
                    + " is a component port (XEP-0114, jabber:component:accept)";
            default -> "look in the XMPP server's log and check its version";
        };
    }

    /** What to do about a stanza past one of the {@link StanzaLimits}: only the size is a setting. */
    private static String limitAdvice(StanzaLimits.Limit limit, ComponentLinkSettings settings) {
        String fixed = ", a fixed limit that bounds the work of parsing one stanza: look in the XMPP server's log for"
                + " who sent it";
        if (limit == null) {
            return "look in the XMPP server's log for the stanza that caused it";
        }
        return switch (limit) {
            case SIZE -> "raise xmpp.max-stanza-size (now " + settings.maxStanzaBytes()
                    + ") if stanzas that large are expected";
            case DEPTH -> "a stanza may nest elements at most " + StanzaLimits.MAX_DEPTH + " levels deep" + fixed;
            case ATTRIBUTES -> "an element may have at most " + StanzaLimits.MAX_ATTRIBUTES + " attributes" + fixed;
            case NAMESPACE_DECLARATIONS -> "a stanza may make at most " + StanzaLimits.MAX_NAMESPACE_DECLARATIONS
                    + " namespace declarations" + fixed;
            case NAMES -> "a stanza may use at most " + StanzaLimits.MAX_NAMES + " distinct element and attribute"
                    + " names" + fixed;
        };
    }

    /** "4.2 s", or "250 ms" below a second. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
