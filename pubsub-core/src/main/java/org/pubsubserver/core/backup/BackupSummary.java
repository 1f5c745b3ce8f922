package org.pubsubserver.core.backup;

/** How much an export, import or copy carried: nodes, items, redirects and retired node sequences. */
public record BackupSummary(long nodes, long items, long redirects, long retired) {
    @Override
    public String toString() {
        return nodes + " node(s), " + items + " item(s), " + redirects + " redirect(s), " + retired
                + " retired sequence(s)";
    }
}
