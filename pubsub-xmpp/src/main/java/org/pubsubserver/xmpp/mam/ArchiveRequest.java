package org.pubsubserver.xmpp.mam;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.dom4j.Element;
import org.dom4j.QName;
import org.pubsubserver.core.archive.ArchiveIds;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.ArchiveQuery;
import org.pubsubserver.core.usecase.QueryArchive;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.JID;

/**
 * A query of a node's archive as sent (XEP-0442 with XEP-0313 §4): the node, the client's query id, the filters of
 * the form, the result set's page (XEP-0059) and whether the page is to be sent newest first (§4.3.4, flip-page).
 * Archive ids are read back to places of the node's sequence here; one that is no id of the node's is
 * {@code item-not-found} (§4.1.3), as is one the archive no longer has (checked by the store).
 */
record ArchiveRequest(String node, String queryId, ArchiveQuery query, boolean flipped) {
    /** The form fields a query may carry (§4.1), FORM_TYPE aside. */
    static final List<String> FIELDS = List.of("with", "start", "end", "before-id", "after-id", "ids");

    static ArchiveRequest read(Element query, ArchiveIds ids) {
        String node = query.attributeValue("node");
        if (node == null || node.isEmpty()) {
            throw PubSubException.of(StanzaCondition.FEATURE_NOT_IMPLEMENTED,
                    "this service keeps the archives of its nodes (XEP-0442): name one with node='...'");
        }
        List<Long> mustExist = new ArrayList<>();
        Instant start = null;
        Instant end = null;
        String with = null;
        long after = 0;
        long before = Long.MAX_VALUE;
        List<Long> only = new ArrayList<>();
        Element form = query.element(QName.get("x", Namespaces.DATA_FORMS));
        if (form != null) {
            if (!"submit".equals(form.attributeValue("type"))) {
                throw badRequest("the query's data form must be of type 'submit'");
            }
            for (Element field : form.elements(QName.get("field", Namespaces.DATA_FORMS))) {
                String var = field.attributeValue("var");
                List<String> values = field.elements(QName.get("value", Namespaces.DATA_FORMS)).stream()
                        .map(Element::getTextTrim).toList();
                String value = values.isEmpty() ? "" : values.get(0);
                if (var == null) {
                    continue;
                }
                switch (var) {
                    case "FORM_TYPE" -> {
                        if (!Namespaces.MAM.equals(value)) {
                            throw badRequest("the query's FORM_TYPE must be " + Namespaces.MAM);
                        }
                    }
                    case "with" -> with = value.isEmpty() ? null : publisher(value);
                    case "start" -> start = value.isEmpty() ? null : time(value, "start");
                    case "end" -> end = value.isEmpty() ? null : time(value, "end");
                    case "after-id" -> {
                        if (!value.isEmpty()) {
                            after = Math.max(after, place(ids, node, value, mustExist));
                        }
                    }
                    case "before-id" -> {
                        if (!value.isEmpty()) {
                            before = Math.min(before, place(ids, node, value, mustExist));
                        }
                    }
                    case "ids" -> {
                        if (values.size() > QueryArchive.MAX_PAGE) {
                            throw badRequest("a query names at most " + QueryArchive.MAX_PAGE + " ids");
                        }
                        for (String id : values) {
                            only.add(place(ids, node, id, mustExist));
                        }
                    }
                    default -> throw badRequest("this archive does not filter by '" + var
                            + "'; its fields are " + String.join(", ", FIELDS));
                }
            }
        }
        int max = QueryArchive.DEFAULT_PAGE;
        boolean fromEnd = false;
        Element set = query.element(QName.get("set", Namespaces.RSM));
        if (set != null) {
            String maxText = set.elementTextTrim(QName.get("max", Namespaces.RSM));
            if (maxText != null) {
                max = count(maxText);
            }
            if (set.element(QName.get("index", Namespaces.RSM)) != null) {
                throw PubSubException.of(StanzaCondition.FEATURE_NOT_IMPLEMENTED,
                        "this archive pages by id (after, before), not by index"); // XEP-0059 §2.6: optional
            }
            String rsmAfter = set.elementTextTrim(QName.get("after", Namespaces.RSM));
            if (rsmAfter != null && !rsmAfter.isEmpty()) { // an empty <after/> is taken as none
                after = Math.max(after, place(ids, node, rsmAfter, mustExist));
            }
            Element rsmBefore = set.element(QName.get("before", Namespaces.RSM));
            if (rsmBefore != null) {
                fromEnd = true; // XEP-0059 §2.5: the page before that id, or the last page when empty
                if (!rsmBefore.getTextTrim().isEmpty()) {
                    before = Math.min(before, place(ids, node, rsmBefore.getTextTrim(), mustExist));
                }
            }
        }
        if (mustExist.size() > QueryArchive.MAX_PAGE + 3) { // ids, after-id, before-id and a cursor, each field repeated
            throw badRequest("a query names at most " + QueryArchive.MAX_PAGE + " ids");
        }
        boolean flipped = query.element(QName.get("flip-page", Namespaces.MAM)) != null;
        return new ArchiveRequest(node, query.attributeValue("queryid"),
                new ArchiveQuery(start, end, with, after, before, only, max, fromEnd, mustExist), flipped);
    }

    private static long place(ArchiveIds ids, String node, String id, List<Long> mustExist) {
        OptionalLong place = ids.placeOf(node, id);
        if (place.isEmpty()) {
            throw PubSubException.of(StanzaCondition.ITEM_NOT_FOUND, "'" + id + "' is no id in the archive of " + node);
        }
        mustExist.add(place.getAsLong());
        return place.getAsLong();
    }

    /** A bare JID matches all of its resources (§4.1.1). */
    private static String publisher(String value) {
        try {
            JID jid = new JID(value);
            return jid.getResource() == null ? jid.toBareJID() : jid.toString();
        } catch (IllegalArgumentException e) {
            throw badRequest("'with' is not a JID: " + value);
        }
    }

    /** XEP-0082 DateTime. */
    private static Instant time(String value, String field) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw badRequest("'" + field + "' is not an XEP-0082 DateTime: " + value);
        }
    }

    private static int count(String text) {
        try {
            int max = Integer.parseInt(text);
            if (max >= 0) {
                return max;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw badRequest("the result set's max must be a number of 0 or more: " + text);
    }

    private static PubSubException badRequest(String message) {
        return PubSubException.of(StanzaCondition.BAD_REQUEST, message);
    }
}
