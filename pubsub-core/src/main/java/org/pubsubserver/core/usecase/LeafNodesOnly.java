package org.pubsubserver.core.usecase;

import java.util.Map;
import org.pubsubserver.core.config.NodeConfigField;
import org.pubsubserver.core.error.PubSubException;

/**
 * The service has leaf nodes only: a configuration that asks for a collection node is refused with
 * {@code feature-not-implemented} and {@code <unsupported feature='collections'/>} (XEP-0248 §5.1.3.1),
 * not with the not-acceptable of an unknown option value.
 */
final class LeafNodesOnly {
    private LeafNodesOnly() {
    }

    static void require(Map<String, String> submitted) {
        String type = submitted == null ? null : submitted.get(NodeConfigField.NODE_TYPE.def().var());
        if (type != null && type.trim().equals("collection")) {
            throw PubSubException.unsupported("collections");
        }
    }
}
