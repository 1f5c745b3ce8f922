package org.pubsubserver.xmpp.pubsub;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dom4j.Element;
import org.dom4j.QName;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;

/** Reads a submitted XEP-0004 data form of a known FORM_TYPE into field values (var to value). */
final class SubmittedForms {
    static final String DATA_NAMESPACE = "jabber:x:data";
    static final String NODE_CONFIG = "http://jabber.org/protocol/pubsub#node_config";
    static final String PUBLISH_OPTIONS = "http://jabber.org/protocol/pubsub#publish-options";
    private static final QName X = QName.get("x", DATA_NAMESPACE);

    private SubmittedForms() {
    }

    /**
     * The fields of the form inside {@code container} (e.g. {@code <configure/>}), or null when it holds no
     * form. A form of another FORM_TYPE, or not of type submit, is {@code bad-request}. A field with several
     * values keeps them joined by newlines.
     */
    static Map<String, String> read(Element container, String formType) {
        Element form = container.element(X);
        if (form == null) {
            return null;
        }
        String type = form.attributeValue("type");
        if (!"submit".equals(type)) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, "the data form must be of type 'submit'");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element field : form.elements(QName.get("field", DATA_NAMESPACE))) {
            String var = field.attributeValue("var");
            if (var == null) {
                continue;
            }
            List<String> values = field.elements(QName.get("value", DATA_NAMESPACE)).stream().map(Element::getText).toList();
            fields.put(var, String.join("\n", values));
        }
        if (!formType.equals(fields.get("FORM_TYPE"))) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, "the data form's FORM_TYPE must be " + formType);
        }
        return fields;
    }
}
