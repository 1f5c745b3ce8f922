package org.pubsubserver.xmpp.disco;

import java.time.temporal.ChronoUnit;
import org.dom4j.Element;
import org.pubsubserver.core.config.NodeConfigField;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.usecase.DescribeNode;
import org.xmpp.forms.DataForm;
import org.xmpp.forms.FormField;
import org.xmpp.packet.JID;

/**
 * The {@code pubsub#meta-data} form (XEP-0060 §5.4, XEP-0128) of a node's disco#info, with the fields
 * and labels of the XEP's example for what the node has.
 */
final class NodeMetadataForm {
    static final String FORM_TYPE = "http://jabber.org/protocol/pubsub#meta-data";

    private NodeMetadataForm() {
    }

    static Element of(DescribeNode.Description description) {
        NodeConfig config = description.node().config();
        DataForm form = new DataForm(DataForm.Type.result);
        form.addField("FORM_TYPE", null, FormField.Type.hidden).addValue(FORM_TYPE);
        form.addField("pubsub#type", "Payload semantic type information", FormField.Type.text_single)
                .addValue(config.type());
        // XEP-0248: leaf or collection, and the collection it belongs to
        form.addField("pubsub#node_type", "Whether the node is a leaf or a collection", FormField.Type.list_single)
                .addValue(config.value(NodeConfigField.NODE_TYPE));
        FormField collection = form.addField("pubsub#collection", "The collections of which this node is a child",
                FormField.Type.text_multi);
        if (description.node().parent() != null) {
            collection.addValue(description.node().parent());
        }
        form.addField("pubsub#creator", "Node creator", FormField.Type.jid_single)
                .addValue(description.node().creator().toBareJID());
        // XEP-0082 DateTime, to the second
        form.addField("pubsub#creation_date", "Creation date", FormField.Type.text_single)
                .addValue(description.node().created().truncatedTo(ChronoUnit.SECONDS).toString());
        form.addField("pubsub#title", "A short name for the node", FormField.Type.text_single).addValue(config.title());
        form.addField("pubsub#description", "A description of the node", FormField.Type.text_single)
                .addValue(config.description());
        FormField contacts = form.addField("pubsub#contact", "People to contact with questions", FormField.Type.jid_multi);
        config.contacts().forEach(contacts::addValue);
        form.addField("pubsub#language", "Default language", FormField.Type.list_single).addValue(config.language());
        form.addField("pubsub#access_model", "Access model", FormField.Type.list_single)
                .addValue(config.accessModel().value());
        form.addField("pubsub#publish_model", "Publish model", FormField.Type.list_single)
                .addValue(config.publishModel().value());
        form.addField("pubsub#max_items", "Max # of items to persist. `max` for no specific limit other than a server"
                + " imposed maximum.", FormField.Type.text_single).addValue(config.value(NodeConfigField.MAX_ITEMS));
        FormField owners = form.addField("pubsub#owner", "Node owners", FormField.Type.jid_multi);
        description.owners().forEach(jid -> owners.addValue(jid.toBareJID()));
        FormField publishers = form.addField("pubsub#publisher", "Publishers to this node", FormField.Type.jid_multi);
        description.publishers().stream().map(JID::toBareJID).forEach(publishers::addValue);
        form.addField("pubsub#num_subscribers", "Number of subscribers to this node", FormField.Type.text_single)
                .addValue(Integer.toString(description.subscribers()));
        return form.getElement().createCopy();
    }
}
