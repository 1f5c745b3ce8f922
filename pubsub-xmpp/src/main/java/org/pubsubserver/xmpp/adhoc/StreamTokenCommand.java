package org.pubsubserver.xmpp.adhoc;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.dom4j.QName;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.xmpp.dispatch.IqHandler;
import org.xmpp.packet.IQ;

/**
 * The XEP-0050 commands that give the requester a token to act as its bare JID over HTTP until it expires, one step
 * each: {@link #NODE} reads the web streams (SSE) of nodes that are not open (the token goes with the stream's URL,
 * {@code ?token=...}, or as the {@code pubsub_token} cookie); {@link #PUBLISH_NODE} also publishes
 * ({@code Authorization: Bearer ...} on {@code POST /pubsub_post/<node>}), with the JID's rights on each node. The
 * result form carries {@code token}, {@code jid}, {@code expires} and {@code scope}.
 */
public final class StreamTokenCommand implements IqHandler {
    public static final String NODE = "urn:pubsubserver:sse-token";
    public static final String NAME = "Get a token for web streams (SSE)";
    public static final String PUBLISH_NODE = "urn:pubsubserver:publish-token";
    public static final String PUBLISH_NAME = "Get a token for publishing over HTTP";

    private final StreamTokens tokens;
    private final StreamTokens.Scope scope;

    /** The command for reading streams. */
    public StreamTokenCommand(StreamTokens tokens) {
        this(tokens, StreamTokens.Scope.READ);
    }

    public StreamTokenCommand(StreamTokens tokens, StreamTokens.Scope scope) {
        this.tokens = tokens;
        this.scope = scope;
    }

    @Override
    public CompletionStage<IQ> handle(IQ request) {
        StreamTokens.Token token = tokens.issue(request.getFrom(), scope);
        boolean publishes = scope == StreamTokens.Scope.PUBLISH;
        String node = publishes ? PUBLISH_NODE : NODE;
        String until = token.expires().truncatedTo(ChronoUnit.SECONDS).toString();
        IQ reply = IQ.createResultIQ(request);
        Element command = reply.setChildElement("command", AdHocCommands.NAMESPACE)
                .addAttribute("node", node)
                .addAttribute("sessionid", publishes ? "publish-token" : "sse-token")
                .addAttribute("status", "completed");
        command.addElement("note").addAttribute("type", "info").setText(publishes
                ? "A token to publish over HTTP (and read web streams) as " + token.jid() + " until " + until
                        + ": send it as Authorization: Bearer ... with POST /pubsub_post/<node>."
                : "A token to read web streams as " + token.jid() + " until " + until
                        + ": add ?token=... to the stream's URL, or set it as the pubsub_token cookie.");
        Element form = command.addElement(QName.get("x", "jabber:x:data")).addAttribute("type", "result");
        form.addElement("field").addAttribute("var", "FORM_TYPE").addAttribute("type", "hidden")
                .addElement("value").setText(node);
        form.addElement("field").addAttribute("var", "token").addAttribute("type", "text-single")
                .addAttribute("label", "Token").addElement("value").setText(token.value());
        form.addElement("field").addAttribute("var", "jid").addAttribute("type", "jid-single")
                .addAttribute("label", publishes ? "Acts as" : "Reads as").addElement("value")
                .setText(token.jid().toString());
        form.addElement("field").addAttribute("var", "expires").addAttribute("type", "text-single")
                .addAttribute("label", "Valid until").addElement("value").setText(until);
        form.addElement("field").addAttribute("var", "scope").addAttribute("type", "text-single")
                .addAttribute("label", "Allows").addElement("value").setText(publishes ? "read publish" : "read");
        return CompletableFuture.completedFuture(reply);
    }
}
