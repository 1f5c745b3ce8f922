package org.pubsubserver.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.xmpp.SurfaceHarness.ALICE;
import static org.pubsubserver.xmpp.SurfaceHarness.OWNER_NS;
import static org.pubsubserver.xmpp.SurfaceHarness.PUBSUB_NS;
import static org.pubsubserver.xmpp.SurfaceHarness.assertResult;

import java.util.List;
import org.dom4j.Element;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smackx.pubsub.ChildrenAssociationPolicy;
import org.jivesoftware.smackx.pubsub.NodeType;
import org.jivesoftware.smackx.pubsub.form.ConfigureForm;
import org.jivesoftware.smackx.pubsub.form.FillableConfigureForm;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.jivesoftware.smackx.xdata.provider.DataFormProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a stock Smack client does with collections (XEP-0248), without a server: our forms read by Smack's
 * ConfigureForm, filled by its FillableConfigureForm (which refuses a field our form lacks or types otherwise),
 * and the filled form submitted back, as PubSubManager.createNode(id, form) and Node.sendConfigurationForm do.
 */
class StockSmackFillsCollectionFormsTest {
    private final SurfaceHarness harness = new SurfaceHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    /** Our form as stock Smack parses it. */
    private static ConfigureForm smackForm(Element x) throws Exception {
        XmlPullParser parser = PacketParserUtils.getParserFor(x.asXML());
        DataForm form = DataFormProvider.INSTANCE.parse(parser);
        return new ConfigureForm(form);
    }

    private ConfigureForm defaults(String type) throws Exception {
        return smackForm(harness.iq("get", ALICE, "<pubsub " + OWNER_NS + "><default"
                + (type == null ? "" : " type='" + type + "'") + "/></pubsub>").element("pubsub").element("default")
                .element("x"));
    }

    private ConfigureForm configuration(String node) throws Exception {
        return smackForm(harness.iq("get", ALICE, "<pubsub " + OWNER_NS + "><configure node='" + node + "'/></pubsub>")
                .element("pubsub").element("configure").element("x"));
    }

    /** PubSubManager.createNode(id, form): the filled form in {@code <configure/>}. */
    private void create(String node, FillableConfigureForm form) throws Exception {
        assertResult(harness.iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='" + node + "'/><configure>"
                + form.getDataFormToSubmit().toXML() + "</configure></pubsub>"));
    }

    @Test
    void smackReadsTheCollectionDefaults_xep0248_owner_default() throws Exception {
        ConfigureForm form = defaults("collection");
        assertThat(form.getNodeType()).isEqualTo(NodeType.collection);
        assertThat(form.getChildrenMax()).isEqualTo(1000);
        assertThat(form.getChildrenAssociationPolicy()).isEqualTo(ChildrenAssociationPolicy.owners);
        assertThat(defaults(null).getNodeType()).isEqualTo(NodeType.leaf);
    }

    @Test
    void smackCreatesACollectionAndALeafInItWithItsOwnSetters_xep0248_createnode() throws Exception {
        FillableConfigureForm collection = defaults(null).getFillableForm();
        collection.setNodeType(NodeType.collection);
        collection.setChildrenMax(5);
        collection.setChildrenAssociationPolicy(ChildrenAssociationPolicy.owners);
        create("blogs", collection);

        FillableConfigureForm leaf = defaults(null).getFillableForm();
        leaf.setCollection("blogs");
        create("musings", leaf);

        ConfigureForm blogs = configuration("blogs");
        assertThat(blogs.getNodeType()).isEqualTo(NodeType.collection);
        assertThat(blogs.getChildren()).containsExactly("musings");
        assertThat(blogs.getChildrenMax()).isEqualTo(5);
        assertThat(configuration("musings").getCollection()).extracting(CharSequence::toString)
                .containsExactly("blogs");
    }

    @Test
    void smackAssociatesThroughTheConfigurationForm_xep0248_associate_node() throws Exception {
        // Smack submits only the fields set: the collection defaults do not make a collection of themselves
        FillableConfigureForm collection = defaults("collection").getFillableForm();
        collection.setNodeType(NodeType.collection);
        create("blogs", collection);
        create("ravings", defaults(null).getFillableForm());
        // Node.sendConfigurationForm with the collection's children
        FillableConfigureForm children = configuration("blogs").getFillableForm();
        children.setChildren(List.of("ravings"));
        assertResult(harness.iq("set", ALICE, "<pubsub " + OWNER_NS + "><configure node='blogs'>"
                + children.getDataFormToSubmit().toXML() + "</configure></pubsub>"));
        assertThat(configuration("ravings").getCollection()).extracting(CharSequence::toString)
                .containsExactly("blogs");
    }
}
