package org.pubsubserver.xmpp.pubsub;

import java.util.List;
import org.dom4j.Element;
import org.pubsubserver.core.config.NodeConfigField;
import org.pubsubserver.core.model.NodeConfig;
import org.xmpp.forms.DataForm;

/** The pubsub#node_config form of a configuration (XEP-0060 §8.2.2, §8.3.3, §17.4.4). */
public final class NodeConfigForms {
    private NodeConfigForms() {
    }

    public static Element form(NodeConfig config, DataForm.Type type) {
        return Forms.render(SubmittedForms.NODE_CONFIG, type, List.of(NodeConfigField.values()), config::value);
    }
}
