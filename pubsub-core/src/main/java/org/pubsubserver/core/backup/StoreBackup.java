package org.pubsubserver.core.backup;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;

/**
 * Export, import and copy of a whole store (every node with its configuration, counters, affiliations,
 * subscriptions and items; the redirects and retired sequences of deleted nodes), in the format of
 * docs/EXPORT-FORMAT.md. Works on the store's {@link DataSource} (see {@code JdbcStorage#dataSource()}), on H2 and
 * on PostgreSQL alike.
 *
 * <ul>
 *   <li>An export is one read-only snapshot ({@link Snapshot}): safe on a running server, whose writes go on and are
 *   either wholly in it or wholly out.</li>
 *   <li>An import or copy is one transaction on the target: it refuses a target that has nodes (unless
 *   {@link ImportMode#MERGE}), and whatever it refuses or fails on, it changes nothing.</li>
 *   <li>Everything streams: memory does not grow with the store.</li>
 * </ul>
 *
 * <p>Failures are {@link BackupException}s whose messages tell the administrator what to do. Blocking: never call
 * this on an event loop.
 */
public final class StoreBackup {
    private final Clock clock;
    private final String softwareVersion;

    /** {@code softwareVersion}: written in exports' headers (the server's version). */
    public StoreBackup(Clock clock, String softwareVersion) {
        this.clock = clock;
        this.softwareVersion = softwareVersion == null || softwareVersion.isBlank() ? "unknown" : softwareVersion;
    }

    /** Writes an export of the store of {@code source} to {@code out} (not closed), as one snapshot. */
    public BackupSummary export(DataSource source, OutputStream out, BackupProgress progress) {
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        try {
            BackupSummary summary = new StoreReader(clock, softwareVersion).read(source, new ExportWriter(writer), progress);
            progress.finished(summary);
            return summary;
        } catch (SQLException e) {
            throw new BackupException("Could not read the store: " + e.getMessage()
                    + ". Nothing was exported. Check that the store is reachable, then export again.", e);
        } catch (UncheckedIOException e) {
            throw new BackupException("Could not write the export: " + e.getCause().getMessage()
                    + ". Check the space and permissions where it goes, then export again.", e);
        }
    }

    /**
     * Writes an export of the store of {@code source} to {@code file} ({@link ExportFile}: whole or not at all,
     * gzip-compressed when its name ends in {@code .gz}, its owner's only).
     */
    public BackupSummary export(DataSource source, Path file, BackupProgress progress) {
        try {
            return ExportFile.write(file, out -> export(source, out, progress));
        } catch (IOException e) {
            throw new BackupException("Could not write the export to " + file + ": " + e.getMessage()
                    + ". Check the space and permissions there, then export again.", e);
        }
    }

    /**
     * Imports the export read from {@code in} into the store of {@code target}, in one transaction: all of it, or
     * (on any refusal or failure, a {@link BackupException}) nothing. {@code source} names the export in messages.
     * A gzip-compressed export is recognized by its first bytes.
     */
    public BackupSummary importFrom(InputStream in, String source, DataSource target, ImportMode mode,
                                    BackupProgress progress) {
        InputStream plain;
        try {
            plain = ungzipped(in);
        } catch (IOException e) {
            throw new BackupException("Could not read " + source + ": " + e.getMessage() + ". Nothing was imported.", e);
        }
        return load(target, mode, progress, source, loader -> new ExportReader(source).read(plain, loader));
    }

    /** Imports the export in {@code file} (gzip-compressed or not) into the store of {@code target}: see above. */
    public BackupSummary importFrom(Path file, DataSource target, ImportMode mode, BackupProgress progress) {
        try (InputStream in = Files.newInputStream(file)) {
            return importFrom(in, file.toString(), target, mode, progress);
        } catch (IOException e) {
            throw new BackupException("Could not read " + file + ": " + e.getMessage()
                    + ". Nothing was imported. Check the file's name and permissions.", e);
        }
    }

    /**
     * Copies the whole store of {@code from} into the store of {@code to} (H2 to PostgreSQL, or back): a snapshot
     * of the source read straight into one transaction on the target, no file between. Refuses and fails as an
     * import does, changing nothing.
     */
    public BackupSummary copy(DataSource from, DataSource to, ImportMode mode, BackupProgress progress) {
        return load(to, mode, progress, "the source store", loader -> {
            try {
                new StoreReader(clock, softwareVersion).read(from, loader, BackupProgress.NONE);
            } catch (SQLException e) {
                throw new BackupException("Could not read the source store: " + e.getMessage()
                        + ". Nothing was copied. Check that it is reachable, then copy again.", e);
            }
        });
    }

    private interface Feed {
        void into(StoreLoader loader);
    }

    private static BackupSummary load(DataSource target, ImportMode mode, BackupProgress progress, String source,
                                      Feed feed) {
        try (Connection connection = target.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            boolean committed = false;
            try (StoreLoader loader = new StoreLoader(connection, mode, progress)) {
                feed.into(loader);
                connection.commit();
                committed = true;
                BackupSummary summary = loader.summary();
                progress.finished(summary);
                return summary;
            } catch (StoreLoader.TargetFailed e) {
                throw new BackupException("Could not write " + source + " into the target store: " + e.getMessage()
                        + ". Nothing was imported. Check the target store, and that the export is whole.", e.getCause());
            } catch (UncheckedIOException e) {
                throw new BackupException("Could not read " + source + ": " + e.getCause().getMessage()
                        + ". Nothing was imported. Check the file (is it whole?), then import again.", e);
            } finally {
                if (!committed) {
                    connection.rollback();
                }
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new BackupException("Could not write into the target store: " + e.getMessage()
                    + ". Nothing was imported. Check that it is reachable, then import again.", e);
        }
    }

    private static InputStream ungzipped(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        return first == 0x1f && second == 0x8b ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16)
                : buffered;
    }
}
