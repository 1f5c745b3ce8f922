package org.pubsubserver.xmpp.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;

/**
 * The operator (ServicePolicy.OPERATOR) acts only in the process: a stanza over the link that claims its reserved
 * domain reaches nothing, whatever its kind.
 */
class StanzaRouterTest {
    private final List<IQ> replies = new ArrayList<>();
    private final List<Element> reached = new ArrayList<>();
    private final StanzaRouter router = new StanzaRouter(new IqDispatcher(replies::add), replies::add, reached::add,
            message -> reached.add(message), response -> reached.add(response));

    private static Element stanza(String xml) throws Exception {
        return DocumentHelper.parseText(xml).getRootElement();
    }

    @Test
    void stanzasClaimingTheOperatorsDomainReachNothing() throws Exception {
        router.onStanza(stanza("<iq type='get' id='1' from='operator.invalid' to='pubsub.localhost'>"
                + "<query xmlns='urn:t'/></iq>"));
        router.onStanza(stanza("<iq type='get' id='2' from='anyone@OPERATOR.invalid/x' to='pubsub.localhost'>"
                + "<query xmlns='urn:t'/></iq>"));
        router.onStanza(stanza("<presence from='operator.invalid/r' to='pubsub.localhost'/>"));
        router.onStanza(stanza("<message from='operator.invalid' to='pubsub.localhost'/>"));
        // written otherwise, prepared to the same domain (RFC 3491: fullwidth letters, the ideographic full stop)
        router.onStanza(stanza("<iq type='get' id='4' from='x@\uFF2F\uFF30\uFF25\uFF32\uFF21\uFF34\uFF2F\uFF32.invalid'"
                + " to='pubsub.localhost'><query xmlns='urn:t'/></iq>"));
        router.onStanza(stanza("<iq type='get' id='5' from='x@operator\u3002invalid' to='pubsub.localhost'>"
                + "<query xmlns='urn:t'/></iq>"));
        assertThat(replies).isEmpty();
        assertThat(reached).isEmpty();

        // any other sender is answered (here: no handler, so service-unavailable)
        router.onStanza(stanza("<iq type='get' id='3' from='alice@localhost/desk' to='pubsub.localhost'>"
                + "<query xmlns='urn:t'/></iq>"));
        router.onStanza(stanza("<presence from='operator.invalid.example.org' to='pubsub.localhost'/>"));
        assertThat(replies).hasSize(1);
        assertThat(reached).hasSize(1);
    }
}
