package org.pubsubserver.server.admin;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.pubsubserver.core.backup.BackupProgress;

/**
 * A progress bar on the operator's terminal for exports, imports and copies (me.tongfei's progressbar: rate, ETA,
 * the terminal's width), counting items; none when the output is not a terminal (a script, a cron job, a log).
 */
final class TerminalProgress implements BackupProgress, AutoCloseable {
    private final String task;
    private final boolean terminal;
    private ProgressBar bar;

    TerminalProgress(String task) {
        this(task, System.console() != null);
    }

    TerminalProgress(String task, boolean terminal) {
        this.task = task;
        this.terminal = terminal;
    }

    @Override
    public void started(long nodes, long items) {
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(task).setUnit(" items", 1).setInitialMax(items)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed().build();
        }
    }

    @Override
    public void item() {
        if (bar != null) {
            bar.step();
        }
    }

    /** {@code bytes} more received (an export fetched from a running server, whose item count is not known here). */
    void bytes(long bytes) {
        if (terminal && bar == null) {
            bar = new ProgressBarBuilder().setTaskName(task).setUnit(" MiB", 1 << 20).setInitialMax(-1)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed().build();
        }
        if (bar != null) {
            bar.stepBy(bytes);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
