package org.pubsubserver.xmpp.notify;

import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.xmpp.stanza.Payloads;

/**
 * The message body for subscribers with include_body (XEP-0060 "Including a Message Body"): a summary of
 * payloads the service understands, Atom entries (the summary, else the title); null for anything else,
 * since a body is only to be sent where the payload can be represented as text.
 */
final class NotificationBody {
    private static final String ATOM = "http://www.w3.org/2005/Atom";

    private NotificationBody() {
    }

    /**
     * The {@code <body/>} of the items' notifications when any of the subscriptions asks for one and the items
     * have a text; else null.
     */
    static String element(List<Subscription> subscriptions, List<Item> items) {
        for (Subscription subscription : subscriptions) {
            if (subscription.options().includeBody()) {
                return EventXml.body(of(items));
            }
        }
        return null;
    }

    static String of(List<Item> items) {
        List<String> texts = new ArrayList<>();
        for (Item item : items) {
            if (!item.hasPayload()) {
                continue;
            }
            Element payload = Payloads.parse(item.payloadXml());
            if (!QName.get("entry", ATOM).equals(payload.getQName())) {
                continue;
            }
            String summary = payload.elementTextTrim(QName.get("summary", ATOM));
            String text = summary != null && !summary.isEmpty() ? summary : payload.elementTextTrim(QName.get("title", ATOM));
            if (text != null && !text.isEmpty()) {
                texts.add(text);
            }
        }
        return texts.isEmpty() ? null : String.join("\n\n", texts);
    }
}
