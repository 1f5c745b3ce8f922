package org.pubsubserver.core.backup;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An export read back into rows, for tests that look at what a file holds. */
final class ExportCollector implements StoreSink {
    Header header;
    final Map<String, NodeRow> nodes = new LinkedHashMap<>();
    final Map<String, List<ItemRow>> items = new LinkedHashMap<>();
    final Map<String, List<ItemRow>> archived = new LinkedHashMap<>();
    final List<RedirectRow> redirects = new ArrayList<>();
    final List<RetiredRow> retired = new ArrayList<>();
    private String current;

    static ExportCollector read(byte[] export) {
        ExportCollector collector = new ExportCollector();
        new ExportReader("test").read(new ByteArrayInputStream(export), collector);
        return collector;
    }

    @Override
    public void begin(Header header) {
        this.header = header;
    }

    @Override
    public void node(NodeRow node) {
        current = node.name();
        nodes.put(current, node);
        items.put(current, new ArrayList<>());
        archived.put(current, new ArrayList<>());
    }

    @Override
    public void affiliation(AffiliationRow affiliation) {
    }

    @Override
    public void subscription(SubscriptionRow subscription) {
    }

    @Override
    public void item(ItemRow item) {
        items.get(current).add(item);
    }

    @Override
    public void archived(ItemRow item) {
        archived.get(current).add(item);
    }

    @Override
    public void endNode() {
    }

    @Override
    public void redirect(RedirectRow redirect) {
        redirects.add(redirect);
    }

    @Override
    public void retired(RetiredRow retired) {
        this.retired.add(retired);
    }

    @Override
    public void end() {
    }
}
