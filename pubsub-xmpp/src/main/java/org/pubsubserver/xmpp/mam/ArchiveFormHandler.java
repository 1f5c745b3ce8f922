package org.pubsubserver.xmpp.mam;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.xmpp.dispatch.IqHandler;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;

/**
 * XEP-0313 §4.1.4: {@code <query xmlns='urn:xmpp:mam:2'/>} in an IQ get: the form of the fields a query may filter by,
 * none of them required, {@code ids} open to any value (XEP-0122). The same for every node.
 */
public final class ArchiveFormHandler implements IqHandler {
    @Override
    public CompletionStage<IQ> handle(IQ request) {
        IQ result = IQ.createResultIQ(request);
        Element query = result.setChildElement("query", Namespaces.MAM);
        String node = request.getChildElement().attributeValue("node");
        if (node != null) {
            query.addAttribute("node", node);
        }
        Element form = query.addElement("x", Namespaces.DATA_FORMS).addAttribute("type", "form");
        field(form, "FORM_TYPE", "hidden").addElement("value").setText(Namespaces.MAM);
        field(form, "with", "jid-single");
        field(form, "start", "text-single");
        field(form, "end", "text-single");
        field(form, "before-id", "text-single");
        field(form, "after-id", "text-single");
        field(form, "ids", "list-multi").addElement("validate", "http://jabber.org/protocol/xdata-validate")
                .addAttribute("datatype", "xs:string").addElement("open");
        return CompletableFuture.completedFuture(result);
    }

    private static Element field(Element form, String var, String type) {
        return form.addElement("field").addAttribute("var", var).addAttribute("type", type);
    }
}
