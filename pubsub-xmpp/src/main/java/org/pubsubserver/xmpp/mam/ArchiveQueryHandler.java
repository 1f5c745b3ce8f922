package org.pubsubserver.xmpp.mam;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.pubsubserver.core.archive.ArchiveIds;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.usecase.QueryArchive;
import org.pubsubserver.xmpp.dispatch.IqHandler;
import org.pubsubserver.xmpp.stanza.StanzaOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/**
 * XEP-0442: {@code <query xmlns='urn:xmpp:mam:2' node='...'/>} in an IQ set: a page of the node's archive, sent as one
 * message per item, oldest first (newest first with flip-page, XEP-0313 §4.3.4), before the IQ result that ends it. A
 * page is at most {@value QueryArchive#MAX_PAGE} items ({@value QueryArchive#DEFAULT_PAGE} when the query asks for no
 * size); the client pages on with the ids in {@code <fin/>}. Where the link cannot take the page's messages (it is
 * backed up), the query is answered {@code resource-constraint} rather than left short without a word. The result
 * IQ is sent here, right after the messages (see {@link IqHandler}: XEP-0313 §4 has it come after the last one).
 */
public final class ArchiveQueryHandler implements IqHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveQueryHandler.class);
    private final PubSubEngine engine;
    private final ArchiveIds ids;
    private final StanzaOutput output;
    private final ArchiveResults results;

    public ArchiveQueryHandler(JID serviceJid, PubSubEngine engine, ArchiveIds ids, StanzaOutput output) {
        this.engine = engine;
        this.ids = ids;
        this.output = output;
        this.results = new ArchiveResults(serviceJid.toString(), ids);
    }

    @Override
    public CompletionStage<IQ> handle(IQ request) {
        ArchiveRequest query = ArchiveRequest.read(request.getChildElement(), ids);
        return engine.queryArchive(new QueryArchive.Request(request.getFrom(), query.node(), query.query()))
                .thenApply(answer -> {
                    List<Item> page = answer.page().items();
                    List<String> messages = new ArrayList<>(page.size());
                    String to = request.getFrom().toString();
                    for (Item item : page) {
                        messages.add(results.message(to, query.queryId(), answer.node(), item));
                    }
                    if (query.flipped()) {
                        Collections.reverse(messages);
                    }
                    if (!messages.isEmpty() && !output.sendAll(messages)) {
                        throw PubSubException.of(StanzaCondition.RESOURCE_CONSTRAINT,
                                "the link to the XMPP server is backed up: query again later");
                    }
                    // sent here, after the messages and from the same thread: returned, it could overtake them
                    if (!output.send(results.fin(request, answer.node(), page, answer.page().complete()).toXML())) {
                        LOG.warn("The result of archive query {} from {} was not sent: the link to the XMPP server is"
                                + " backed up (the client waits for it in vain and should query again)",
                                request.getID(), request.getFrom());
                    }
                    return null;
                });
    }
}
