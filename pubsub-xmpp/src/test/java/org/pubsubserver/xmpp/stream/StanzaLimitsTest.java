package org.pubsubserver.xmpp.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.dom4j.Element;
import org.junit.jupiter.api.Test;

/**
 * The bounds on what one inbound stanza may hold (RFC 6120 §13.12 leaves them to the receiver; past one, the stream
 * ends with {@code <policy-violation/>}, §4.9.3.14), with the fixed values the link uses.
 */
class StanzaLimitsTest {
    private static final String HEADER = XmppStreamParserTest.HEADER;

    private final RecordingListener listener = new RecordingListener();
    private final XmppStreamParser parser = new XmppStreamParser(1 << 20, listener);

    private XmppStreamException failureOf(String input) {
        return Feeding.failureOf(parser, input);
    }

    private static String attributes(int count) {
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i < count; i++) {
            attributes.append(" a").append(i).append("='v'");
        }
        return attributes.toString();
    }

    private static String declarations(int from, int count) {
        StringBuilder declarations = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            declarations.append("<x xmlns:p").append(i).append("='urn:p").append(i).append("'/>");
        }
        return declarations.toString();
    }

    @Test
    void anElementMayHaveTheMostAttributesButNotOneMore_rfc6120_4_9_3_14() {
        assertThat(failureOf(HEADER + "<message" + attributes(StanzaLimits.MAX_ATTRIBUTES) + "/>")).isNull();
        assertThat(listener.stanzas).singleElement()
                .satisfies(message -> assertThat(message.attributeCount()).isEqualTo(StanzaLimits.MAX_ATTRIBUTES));

        XmppStreamException failure = failureOf("<message" + attributes(StanzaLimits.MAX_ATTRIBUTES + 1) + "/>");

        assertThat(failure.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
        assertThat(failure.exceededLimit()).isEqualTo(StanzaLimits.Limit.ATTRIBUTES);
        assertThat(failure.getMessage()).isEqualTo("an element with more than 256 attributes");
        assertThat(listener.stanzas).hasSize(1);
    }

    @Test
    void sixtyThousandAttributesEndTheStreamBeforeTheParserReadsThem_rfc6120_4_9_3_14() {
        // the stanza: 649 KB, under the 1 MiB bound, 11 s of the link's thread before
        String start = HEADER + "<iq type='get' id='big' to='pubsub.localhost'" + attributes(60_000);

        XmppStreamException failure = failureOf(start); // not even the tag's end is needed

        assertThat(failure.exceededLimit()).isEqualTo(StanzaLimits.Limit.ATTRIBUTES);
        assertThat(listener.stanzas).isEmpty();
    }

    @Test
    void namespaceDeclarationsAreCountedPerStanzaOnAllItsElements_rfc6120_4_9_3_14() {
        int most = StanzaLimits.MAX_NAMESPACE_DECLARATIONS;
        String full = "<message>" + declarations(0, most - 1) + "</message>"; // and the stanza's own default one

        assertThat(failureOf(HEADER + full.replace("<message>", "<message xmlns='jabber:component:accept'>")
                + full + full)).as("each stanza has its own count").isNull();
        assertThat(listener.stanzas).hasSize(3);

        XmppStreamException failure = failureOf("<message xmlns='jabber:component:accept'>"
                + declarations(0, most) + "</message>");

        assertThat(failure.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
        assertThat(failure.exceededLimit()).isEqualTo(StanzaLimits.Limit.NAMESPACE_DECLARATIONS);
        assertThat(failure.getMessage()).isEqualTo("more than 256 namespace declarations in one stanza");
    }

    @Test
    void declarationsOnOneElementCountAsAttributesToo() {
        StringBuilder tag = new StringBuilder("<message");
        for (int i = 0; i < StanzaLimits.MAX_ATTRIBUTES + 1; i++) {
            tag.append(" xmlns:p").append(i).append("='urn:p").append(i).append('\'');
        }

        XmppStreamException failure = failureOf(HEADER + tag + "/>");

        assertThat(failure.exceededLimit()).isEqualTo(StanzaLimits.Limit.ATTRIBUTES);
    }

    @Test
    void aStanzaMayUseTheMostDistinctNamesButNotOneMore_rfc6120_4_9_3_14() {
        StringBuilder names = new StringBuilder();
        for (int i = 1; i < StanzaLimits.MAX_NAMES; i++) { // and "message"
            names.append("<n").append(i).append("/>");
        }
        assertThat(failureOf(HEADER + "<message>" + names + "</message>")).isNull();

        XmppStreamException failure = failureOf("<message>" + names + "<one-more/></message>");

        assertThat(failure.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
        assertThat(failure.exceededLimit()).isEqualTo(StanzaLimits.Limit.NAMES);
        assertThat(failure.getMessage()).isEqualTo("more than 1024 distinct element and attribute names in one stanza");
    }

    @Test
    void attributeAndDeclarationNamesCountAsNamesAndRepeatsDoNot() {
        StringBuilder elements = new StringBuilder();
        for (int i = 0; i < StanzaLimits.MAX_NAMES; i++) {
            elements.append("<item jid='u").append(i).append("@example.com' name='").append(i)
                    .append("' subscription='both'><group>g</group></item>");
        }
        // a large roster: many elements, few names
        assertThat(failureOf(HEADER + "<iq type='result' id='r'><query xmlns='jabber:iq:roster'>" + elements
                + "</query></iq>")).isNull();

        StringBuilder attributeNames = new StringBuilder();
        for (int i = 0; i < StanzaLimits.MAX_NAMES; i++) {
            attributeNames.append("<x a").append(i).append("='v'/>");
        }
        assertThat(failureOf("<message>" + attributeNames + "</message>").exceededLimit())
                .isEqualTo(StanzaLimits.Limit.NAMES);
    }

    @Test
    void nestingIsBoundedBeforeTheNestedTagsAreParsed() {
        int levels = StanzaLimits.MAX_DEPTH + 1;

        XmppStreamException failure = failureOf(HEADER + "<a>".repeat(levels));

        assertThat(failure.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
        assertThat(failure.exceededLimit()).isEqualTo(StanzaLimits.Limit.DEPTH);
        assertThat(failure.getMessage()).isEqualTo("elements nested deeper than 128 levels in one stanza");
    }

    @Test
    void stanzasBeforeTheOneThatBrokeALimitAreStillReportedInOrder() {
        XmppStreamException failure = failureOf(HEADER + "<presence/><message id='m1'/>"
                + "<message" + attributes(StanzaLimits.MAX_ATTRIBUTES + 1) + "/><presence/>");

        assertThat(failure.exceededLimit()).isEqualTo(StanzaLimits.Limit.ATTRIBUTES);
        assertThat(listener.stanzas).extracting(Element::getName).containsExactly("presence", "message");
    }

    @Test
    void sizeIsTheLimitThatFailuresNameForTheSetting() {
        XmppStreamParser small = new XmppStreamParser(1024, listener);

        XmppStreamException failure = Feeding.failureOf(small, HEADER + "<message><body>" + "x".repeat(2000));

        assertThat(failure.exceededLimit()).isEqualTo(StanzaLimits.Limit.SIZE);
    }

    @Test
    void eachLimitHasItsOwnCheck() {
        assertThat(Feeding.failureOf(limited(), "<a x='1' y='2'><b><c/></b></a>")).as("at the limits").isNull();
        assertThat(Feeding.failureOf(limited(), "<a><b><c><d/></c></b></a>").exceededLimit())
                .isEqualTo(StanzaLimits.Limit.DEPTH);
        assertThat(Feeding.failureOf(limited(), "<a x='1' y='2' z='3'/>").exceededLimit())
                .isEqualTo(StanzaLimits.Limit.ATTRIBUTES);
        assertThat(Feeding.failureOf(limited(), "<a xmlns:p='urn:p'><b xmlns:q='urn:q'><c xmlns:r='urn:r'/></b></a>")
                .exceededLimit()).isEqualTo(StanzaLimits.Limit.NAMESPACE_DECLARATIONS);
        assertThat(Feeding.failureOf(limited(), "<a><b/><c/><d/><e/><f/></a>").exceededLimit())
                .isEqualTo(StanzaLimits.Limit.NAMES);
    }

    @Test
    void declarationsAreToldFromOtherAttributesWhenTheirNamesArriveByteByByte() {
        byte[] atTheLimits = "<a xmlns='urn:a' x='1'><b xmlns:p='urn:p'/></a>".getBytes(UTF_8);
        byte[] oneMore = "<a xmlns='urn:a'><b xmlns:p='urn:p'/><c xmlns:q='urn:q'/></a>".getBytes(UTF_8);

        assertThat(Feeding.failureOf(limited(), atTheLimits, 1)).isNull();
        assertThat(Feeding.failureOf(limited(), oneMore, 1).exceededLimit())
                .isEqualTo(StanzaLimits.Limit.NAMESPACE_DECLARATIONS);
    }

    /** A parser with small limits (3 levels, 2 attributes, 2 declarations, 5 names), after a header within them. */
    private XmppStreamParser limited() {
        XmppStreamParser strict = new XmppStreamParser(new StanzaLimits(1 << 20, 3, 2, 2, 5), listener);
        assertThat(Feeding.failureOf(strict, "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'"
                + " xmlns='jabber:component:accept'>")).isNull();
        return strict;
    }
}
