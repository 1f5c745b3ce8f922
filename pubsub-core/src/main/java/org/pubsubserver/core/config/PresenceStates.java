package org.pubsubserver.core.config;

import java.util.List;

/** The presence states of show-values (XEP-0060 §17.4.2): RFC 6121's show values plus "online". */
final class PresenceStates {
    static final List<String> ALL = List.of("away", "chat", "dnd", "online", "xa");

    private PresenceStates() {
    }
}
