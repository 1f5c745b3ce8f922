package org.pubsubserver.xmpp.stream;

/**
 * The attributes of a received {@code <stream:stream>} start tag (RFC 6120 §4.7); absent attributes are null.
 *
 * @param contentNamespace the default namespace declared on the header, e.g. {@code jabber:component:accept}
 */
public record StreamHeader(String id, String from, String to, String version, String lang, String contentNamespace) {
}
