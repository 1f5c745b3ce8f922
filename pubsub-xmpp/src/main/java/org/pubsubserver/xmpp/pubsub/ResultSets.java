package org.pubsubserver.xmpp.pubsub;

import org.dom4j.Element;
import org.dom4j.QName;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.ItemPage;
import org.pubsubserver.core.model.PageRequest;
import org.pubsubserver.xmpp.stanza.Namespaces;

/** XEP-0059 result set management: reading a request's {@code <set/>} and writing a page's. */
final class ResultSets {
    static final String NAMESPACE = Namespaces.RSM;
    private static final QName SET = QName.get("set", NAMESPACE);

    private ResultSets() {
    }

    /** The page asked for by a {@code <set/>} child of {@code parent}, or null when there is none. */
    static PageRequest read(Element parent) {
        Element set = parent.element(SET);
        if (set == null) {
            return null;
        }
        int max = number(set.elementText(QName.get("max", NAMESPACE)), Integer.MAX_VALUE, "max");
        Element before = set.element(QName.get("before", NAMESPACE));
        String after = set.elementTextTrim(QName.get("after", NAMESPACE));
        String index = set.elementText(QName.get("index", NAMESPACE));
        try {
            return new PageRequest(max, after, before == null ? null : before.getTextTrim(),
                    index == null ? null : number(index, 0, "index"));
        } catch (IllegalArgumentException e) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, "invalid result set request: " + e.getMessage());
        }
    }

    private static int number(String text, int absent, String what) {
        if (text == null) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw PubSubException.of(StanzaCondition.BAD_REQUEST, "<" + what + "/> must be a non-negative integer");
    }

    /** Adds the page's {@code <set/>} (XEP-0059 §2.2): first with its index, last, count; only count when empty. */
    static void write(Element parent, ItemPage page) {
        Element set = parent.addElement(SET);
        if (!page.items().isEmpty()) {
            set.addElement(QName.get("first", NAMESPACE)).addAttribute("index", Integer.toString(page.firstIndex()))
                    .setText(page.items().get(0).itemId());
            set.addElement(QName.get("last", NAMESPACE)).setText(page.items().get(page.items().size() - 1).itemId());
        }
        set.addElement(QName.get("count", NAMESPACE)).setText(Integer.toString(page.count()));
    }
}
