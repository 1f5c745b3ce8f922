package org.pubsubserver.xmpp.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.xmpp.dispatch.IqHandler;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;

/** XEP-0092: the software name and version (the operating system is not disclosed, §4). */
public final class VersionHandler implements IqHandler {
    private final String name;
    private final String version;

    public VersionHandler(String name, String version) {
        this.name = name;
        this.version = version;
    }

    @Override
    public CompletionStage<IQ> handle(IQ request) {
        IQ result = IQ.createResultIQ(request);
        Element query = result.setChildElement("query", Namespaces.VERSION);
        query.addElement("name").setText(name);
        query.addElement("version").setText(version);
        return CompletableFuture.completedFuture(result);
    }
}
