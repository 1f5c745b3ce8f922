package org.pubsubserver.http.sse;

import java.util.List;
import org.pubsubserver.core.event.AffiliationChanged;
import org.pubsubserver.core.event.CollectionChanged;
import org.pubsubserver.core.event.EventVisitor;
import org.pubsubserver.core.event.ItemsPublished;
import org.pubsubserver.core.event.ItemsRetracted;
import org.pubsubserver.core.event.NodeConfigured;
import org.pubsubserver.core.event.NodeDeleted;
import org.pubsubserver.core.event.NodePurged;
import org.pubsubserver.core.event.Subscribed;
import org.pubsubserver.core.event.SubscriptionChanged;
import org.pubsubserver.core.event.SubscriptionRequested;
import org.pubsubserver.core.model.AccessModel;
import org.pubsubserver.core.model.SubscriptionState;

/**
 * The one place that says what each kind of event is to SSE streams: its {@link StreamOutcome}, the same for
 * streams of one node and of several; the messages in it carry their text encoded once per event. Stateless.
 */
final class SseEncoder implements EventVisitor<StreamOutcome> {
    private static final StreamOutcome NOTHING = new StreamOutcome.Nothing();
    private static final StreamOutcome UNTOLD = new StreamOutcome.Untold();
    private static final StreamOutcome END_ALL = new StreamOutcome.EndAll();

    @Override
    public StreamOutcome itemsPublished(ItemsPublished event) {
        SseMessage[] messages = new SseMessage[event.items().size()];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = SseMessage.item(event.items().get(i));
        }
        return new StreamOutcome.Send(List.of(messages));
    }

    @Override
    public StreamOutcome itemsRetracted(ItemsRetracted event) {
        if (!event.notifySubscribers()) {
            // XEP-0060 §7.2.2.1 and §7.1.2.5: retractions and evictions are told only under the retract's notify or
            // the node's pubsub#notify_retract, to streams as to XMPP subscribers. Such a removal takes no place in
            // the node's sequence: a stream that resumes is reset only if it missed an item so removed (OpenStream).
            return UNTOLD;
        }
        // one removal, one place in the node's sequence: each retract event carries it as id, so a stream that saw
        // it does not start over when it resumes
        SseMessage[] messages = new SseMessage[event.itemIds().size()];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = SseMessage.retract(event.sequence(), event.itemIds().get(i));
        }
        return new StreamOutcome.Send(List.of(messages));
    }

    @Override
    public StreamOutcome nodePurged(NodePurged event) {
        return new StreamOutcome.Send(List.of(SseMessage.purge(event.node().name(), event.sequence())));
    }

    @Override
    public StreamOutcome nodeDeleted(NodeDeleted event) {
        return new StreamOutcome.SendThenEnd(SseMessage.delete(event.node().name()));
    }

    @Override
    public StreamOutcome nodeConfigured(NodeConfigured event) {
        if (event.node().config().accessModel() != AccessModel.OPEN) {
            // who may read may have changed: the streams end, and each reconnect is checked again (anonymous ones
            // get 401); a reader still allowed resumes where it was
            return END_ALL;
        }
        // XEP-0060 §8.2.5.3: told under the node's notify_config only
        return event.notifySubscribers() ? new StreamOutcome.Send(List.of(SseMessage.config(event.node().name())))
                : NOTHING;
    }

    @Override
    public StreamOutcome subscribed(Subscribed event) {
        return NOTHING; // a stream is read without a subscription: one made over XMPP changes nothing for it
    }

    @Override
    public StreamOutcome subscriptionRequested(SubscriptionRequested event) {
        return NOTHING; // a question to the node's owners, asked over XMPP; streams read no pending subscription
    }

    @Override
    public StreamOutcome subscriptionChanged(SubscriptionChanged event) {
        // a removed subscription may have been what let its JID read (checked again on reconnect); other changes
        // leave what a stream may read as it was
        return event.subscription().state() == SubscriptionState.NONE
                ? new StreamOutcome.EndReadBy(event.subscription().jid().toBareJID()) : NOTHING;
    }

    @Override
    public StreamOutcome collectionChanged(CollectionChanged event) {
        // XEP-0248: the collection's children changed; its streams (of the leaves it had) end, and their readers
        // reconnect to the leaves it has now, each resumed where it was
        return END_ALL;
    }

    @Override
    public StreamOutcome affiliationChanged(AffiliationChanged event) {
        return new StreamOutcome.EndReadBy(event.jid().toBareJID()); // checked again on reconnect: an outcast gets 403
    }
}
