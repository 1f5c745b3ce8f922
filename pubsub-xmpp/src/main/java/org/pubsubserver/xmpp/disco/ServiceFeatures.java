package org.pubsubserver.xmpp.disco;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import org.pubsubserver.xmpp.adhoc.AdHocCommands;
import org.pubsubserver.xmpp.pubsub.PubSubAction;
import org.pubsubserver.xmpp.stanza.Namespaces;

/** The features disco#info lists for the service: the protocols served plus what the registered actions bring. */
public final class ServiceFeatures {
    private ServiceFeatures() {
    }

    /** {@code extra} are pubsub# features that other parts than the actions bring (names without the prefix). */
    public static SortedSet<String> of(Collection<PubSubAction> actions, Collection<String> extra) {
        return of(actions, extra, java.util.List.of());
    }

    /** As {@link #of(Collection, Collection)}, with {@code protocols}: further features served, as they are named. */
    public static SortedSet<String> of(Collection<PubSubAction> actions, Collection<String> extra,
                                       Collection<String> protocols) {
        SortedSet<String> features = new TreeSet<>();
        features.add(Namespaces.DISCO_INFO);
        features.add(Namespaces.DISCO_ITEMS);
        features.add(Namespaces.PUBSUB);
        features.add(Namespaces.PING);
        features.add(Namespaces.VERSION);
        features.add(Namespaces.RSM); // XEP-0059 §4, besides the pubsub#rsm of XEP-0060 §6.5.4
        features.add(AdHocCommands.NAMESPACE); // XEP-0050, for get-pending (XEP-0060 §8.7)
        features.addAll(protocols);
        for (String feature : extra) {
            features.add(Namespaces.PUBSUB + "#" + feature);
        }
        for (PubSubAction action : actions) {
            for (String feature : action.features()) {
                features.add(Namespaces.PUBSUB + "#" + feature);
            }
        }
        return Collections.unmodifiableSortedSet(features);
    }
}
