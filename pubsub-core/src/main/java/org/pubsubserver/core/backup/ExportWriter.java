package org.pubsubserver.core.backup;

import static org.pubsubserver.core.backup.ExportXml.ARCHIVED;
import static org.pubsubserver.core.backup.ExportXml.AFFILIATION;
import static org.pubsubserver.core.backup.ExportXml.CONFIG;
import static org.pubsubserver.core.backup.ExportXml.FIELD;
import static org.pubsubserver.core.backup.ExportXml.ITEM;
import static org.pubsubserver.core.backup.ExportXml.NAMESPACE;
import static org.pubsubserver.core.backup.ExportXml.NODE;
import static org.pubsubserver.core.backup.ExportXml.OPTION;
import static org.pubsubserver.core.backup.ExportXml.REDIRECT;
import static org.pubsubserver.core.backup.ExportXml.RETIRED;
import static org.pubsubserver.core.backup.ExportXml.ROOT;
import static org.pubsubserver.core.backup.ExportXml.SUBSCRIPTION;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/**
 * Writes the export format (docs/EXPORT-FORMAT.md) as it is told the store, one row after the other: nothing is
 * kept but the writer's buffer. Text is escaped so that it reads back exactly: markup characters, and CR, LF and
 * TAB in attributes and CR in text, which an XML parser would otherwise normalize. A character XML 1.0 cannot
 * carry at all fails the export, naming where it is.
 */
final class ExportWriter implements StoreSink {
    private final Writer out;
    private String node;

    ExportWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void begin(Header header) {
        write("<?xml version='1.0' encoding='UTF-8'?>\n<" + ROOT + " xmlns='" + NAMESPACE + "'"
                + attribute("format-version", Integer.toString(header.formatVersion()))
                + attribute("software-version", header.softwareVersion())
                + attribute("exported", header.exported().toString())
                + (header.nodes() < 0 ? "" : attribute("nodes", Long.toString(header.nodes())))
                + (header.items() < 0 ? "" : attribute("items", Long.toString(header.items()))) + ">\n");
    }

    @Override
    public void node(NodeRow row) {
        node = row.name();
        write("  <" + NODE + attribute("name", row.name()) + attribute("creator", row.creator())
                + attribute("created", row.created().toString()) + attribute("last-seq", Long.toString(row.lastSeq()))
                + attribute("removed-seq", Long.toString(row.removedSeq()))
                + attribute("lost-seq", Long.toString(row.lostSeq()))
                + attribute("item-count", Integer.toString(row.itemCount()))
                + (row.parent() == null ? "" : attribute("parent", row.parent())) + ">\n");
        write("    <" + CONFIG + ">");
        fields(FIELD, row.config(), "\n      ");
        write(row.config().isEmpty() ? "</" + CONFIG + ">\n" : "\n    </" + CONFIG + ">\n");
    }

    @Override
    public void affiliation(AffiliationRow row) {
        write("    <" + AFFILIATION + attribute("jid", row.jid()) + attribute("affiliation", row.affiliation()) + "/>\n");
    }

    @Override
    public void subscription(SubscriptionRow row) {
        write("    <" + SUBSCRIPTION + attribute("subid", row.subId()) + attribute("jid", row.jid())
                + attribute("state", row.state()));
        if (row.options().isEmpty()) {
            write("/>\n");
            return;
        }
        write(">");
        fields(OPTION, row.options(), "\n      ");
        write("\n    </" + SUBSCRIPTION + ">\n");
    }

    @Override
    public void item(ItemRow row) {
        write("    <" + ITEM + attribute("seq", Long.toString(row.seq())) + attribute("id", row.itemId())
                + attribute("publisher", row.publisher()) + attribute("published", row.published().toString()) + ">"
                + text(row.payload()) + "</" + ITEM + ">\n");
    }

    @Override
    public void archived(ItemRow row) {
        write("    <" + ARCHIVED + attribute("seq", Long.toString(row.seq())) + attribute("id", row.itemId())
                + attribute("publisher", row.publisher()) + attribute("published", row.published().toString()) + ">"
                + text(row.payload()) + "</" + ARCHIVED + ">\n");
    }

    @Override
    public void endNode() {
        write("  </" + NODE + ">\n");
        node = null;
    }

    @Override
    public void redirect(RedirectRow row) {
        write("  <" + REDIRECT + attribute("name", row.name()) + attribute("uri", row.uri()) + "/>\n");
    }

    @Override
    public void retired(RetiredRow row) {
        write("  <" + RETIRED + attribute("name", row.name()) + attribute("last-seq", Long.toString(row.lastSeq()))
                + "/>\n");
    }

    @Override
    public void end() {
        write("</" + ROOT + ">\n");
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void fields(String element, Map<String, String> fields, String indent) {
        fields.forEach((name, value) ->
                write(indent + "<" + element + attribute("var", name) + ">" + text(value) + "</" + element + ">"));
    }

    private String attribute(String name, String value) {
        return " " + name + "='" + escape(value, true) + "'";
    }

    private String text(String value) {
        return escape(value, false);
    }

    private String escape(String value, boolean inAttribute) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '\'' -> inAttribute ? "&apos;" : null;
                case '\r' -> "&#13;";
                case '\n' -> inAttribute ? "&#10;" : null;
                case '\t' -> inAttribute ? "&#9;" : null;
                default -> {
                    if (!allowed(value, i)) {
                        throw new BackupException("The store holds a character XML cannot carry (U+"
                                + String.format("%04X", (int) c) + ")" + (node == null ? "" : " in node " + node)
                                + ": the export cannot be written. Remove or republish what holds it, then export again.");
                    }
                    yield null;
                }
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }

    /** Whether XML 1.0 (§2.2 Char) can carry the char at {@code i} (a surrogate only as half of a pair). */
    private static boolean allowed(String value, int i) {
        char c = value.charAt(i);
        if (c >= 0x20 && c <= 0xD7FF || c == 0x9 || c == 0xA || c == 0xD || c >= 0xE000 && c <= 0xFFFD) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }

    private void write(String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
