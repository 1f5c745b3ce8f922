package org.pubsubserver.xmpp.stream;

import org.dom4j.Element;

/** Writes stream errors to send and reads received ones (RFC 6120 §4.9). */
public final class StreamErrors {

    private StreamErrors() {
    }

    /**
     * The {@code <stream:error/>} element for a stream whose header bound the prefix "stream", with an optional
     * text (escaped here; null or empty for none).
     */
    public static String toXml(StreamErrorCondition condition, String text) {
        StringBuilder xml = new StringBuilder(160)
                .append("<stream:error><").append(condition.elementName())
                .append(" xmlns='").append(XmppNamespaces.STREAM_ERRORS).append("'/>");
        if (text != null && !text.isEmpty()) {
            xml.append("<text xmlns='").append(XmppNamespaces.STREAM_ERRORS).append("'>");
            XmlEscaper.appendEscaped(xml, text);
            xml.append("</text>");
        }
        return xml.append("</stream:error>").toString();
    }

    /** True when the element is a {@code <stream:error/>}. */
    public static boolean isStreamError(Element element) {
        return "error".equals(element.getName()) && XmppNamespaces.STREAMS.equals(element.getNamespaceURI());
    }

    /** Reads a received {@code <stream:error/>} into its condition name and text. */
    public static StreamError read(Element streamError) {
        if (!isStreamError(streamError)) {
            throw new IllegalArgumentException("not a stream error: " + streamError.getQualifiedName());
        }
        String condition = null;
        String text = null;
        for (Element child : streamError.elements()) {
            if (!XmppNamespaces.STREAM_ERRORS.equals(child.getNamespaceURI())) {
                continue; // application-specific conditions (RFC 6120 §4.9.4) are not the defined condition
            }
            if ("text".equals(child.getName())) {
                text = child.getText();
            } else if (condition == null) {
                condition = child.getName();
            }
        }
        return new StreamError(condition == null ? StreamErrorCondition.UNDEFINED_CONDITION.elementName() : condition,
                text);
    }
}
