package org.pubsubserver.xmpp.link;

/**
 * Where a {@link ComponentLink} stands, for health reports and tests: read with {@link ComponentLink#state()}.
 */
public enum LinkState {
    /** Built, not yet started: it sends nothing and connects nowhere. */
    NEW,
    /** Connecting, or waiting to try again after a failure; stanzas are refused meanwhile. */
    CONNECTING,
    /** Authenticated: the XMPP server routes the domain's stanzas to this link, and it sends. */
    LINKED,
    /**
     * The XMPP server answered with {@code <conflict/>}: it has another connection as this domain, presumably
     * another instance of this service, and takes one only (Prosody, Openfire). Not an error: the link tries again
     * every {@link ComponentLinkSettings#standbyRetry()} and takes over when that connection is gone. As while
     * connecting, {@code send} refuses stanzas meanwhile.
     */
    STANDING_BY,
    /** Stopped for good. */
    STOPPED
}
