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
 * The XEP-0050 command that gives the requester a token for the web streams (SSE) of nodes that are not
 * open: the token stands for the requester's bare JID until it expires, and goes with the stream's URL
 * ({@code ?token=...}) or as the {@code pubsub_token} cookie. One step: the result form carries
 * {@code token}, {@code jid} and {@code expires}.
 */
public final class StreamTokenCommand implements IqHandler {
    public static final String NODE = "urn:pubsubserver:sse-token";
    public static final String NAME = "Get a token for web streams (SSE)";

    private final StreamTokens tokens;

    public StreamTokenCommand(StreamTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public CompletionStage<IQ> handle(IQ request) {
        StreamTokens.Token token = tokens.issue(request.getFrom());
        IQ reply = IQ.createResultIQ(request);
        Element command = reply.setChildElement("command", AdHocCommands.NAMESPACE)
                .addAttribute("node", NODE)
                .addAttribute("sessionid", "sse-token")
                .addAttribute("status", "completed");
        command.addElement("note").addAttribute("type", "info").setText("A token to read web streams as "
                + token.jid() + " until " + token.expires().truncatedTo(ChronoUnit.SECONDS)
                + ": add ?token=... to the stream's URL, or set it as the pubsub_token cookie.");
        Element form = command.addElement(QName.get("x", "jabber:x:data")).addAttribute("type", "result");
        form.addElement("field").addAttribute("var", "FORM_TYPE").addAttribute("type", "hidden")
                .addElement("value").setText(NODE);
        form.addElement("field").addAttribute("var", "token").addAttribute("type", "text-single")
                .addAttribute("label", "Token").addElement("value").setText(token.value());
        form.addElement("field").addAttribute("var", "jid").addAttribute("type", "jid-single")
                .addAttribute("label", "Reads as").addElement("value").setText(token.jid().toString());
        form.addElement("field").addAttribute("var", "expires").addAttribute("type", "text-single")
                .addAttribute("label", "Valid until").addElement("value")
                .setText(token.expires().truncatedTo(ChronoUnit.SECONDS).toString());
        return CompletableFuture.completedFuture(reply);
    }
}
