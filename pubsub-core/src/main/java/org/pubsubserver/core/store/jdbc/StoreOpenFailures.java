package org.pubsubserver.core.store.jdbc;

import java.sql.SQLException;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.pubsubserver.core.store.StoreOpenException;

/**
 * Why the store could not be opened, as one sentence that says what to fix: the database is unreachable, refuses
 * the account, does not exist, holds a schema from a newer version of the server, or (H2) its file is in use.
 */
final class StoreOpenFailures {
    private StoreOpenFailures() {
    }

    /** Connecting failed (the pool's first connection). */
    static StoreOpenException describe(RuntimeException failure, StorageSettings settings, String description) {
        SQLException sql = sqlCause(failure);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        String reason = sql == null ? String.valueOf(failure.getMessage()) : firstSentence(sql.getMessage());
        String message;
        if (state.startsWith("28")) {
            message = "The database refused the account '" + settings.user() + "' (" + reason + "): set storage.user and"
                    + " storage.password (PUBSUB_STORAGE_USER, PUBSUB_STORAGE_PASSWORD) to an account of " + description;
        } else if (state.equals("3D000")) {
            message = "The database of storage.url does not exist (" + reason + "): create it (for example"
                    + " createdb -O " + (settings.user().isEmpty() ? "OWNER" : settings.user()) + " NAME), or correct"
                    + " storage.url (PUBSUB_STORAGE_URL)";
        } else if (state.startsWith("08") || state.isEmpty() && settings.postgresql()) {
            message = "Cannot reach the database " + description + " (" + reason + "): start PostgreSQL there, or"
                    + " correct storage.url (PUBSUB_STORAGE_URL)";
        } else if (state.equals("90020") || reason.contains("already in use") || reason.contains("Locked by another")) {
            message = "The store " + description + " is in use by another process (another instance on this data"
                    + " folder?): stop it, or give this instance its own storage.data-dir; several instances share"
                    + " a PostgreSQL database (storage.url), never an H2 file";
        } else {
            message = "Cannot open the store " + description + ": " + reason;
        }
        return new StoreOpenException(message, failure);
    }

    /** Migrating the schema failed. */
    static StoreOpenException describeMigration(RuntimeException failure, Flyway flyway, StorageSettings settings,
                                                String description) {
        String text = String.valueOf(failure.getMessage());
        if (text.contains("not resolved locally")) {
            String applied = "?";
            String known = "?";
            try {
                MigrationInfo current = flyway.info().current();
                applied = current == null ? "?" : current.getVersion().getVersion();
                known = Arrays.stream(flyway.info().all())
                        .filter(info -> info.getState().isResolved())
                        .map(MigrationInfo::getVersion)
                        .max(MigrationVersion::compareTo)
                        .map(MigrationVersion::getVersion)
                        .orElse("?");
            } catch (RuntimeException ignored) {
                // the versions are a courtesy: the sentence stands without them
            }
            return new StoreOpenException("The store " + description + " holds a schema of version " + applied
                    + ", newer than this server knows (" + known + "): run the version of pubsub-server that wrote it"
                    + " (or a later one), or restore a backup taken before that upgrade", failure);
        }
        SQLException sql = sqlCause(failure);
        if (sql != null) {
            return describe(failure, settings, description);
        }
        return new StoreOpenException("Cannot migrate the schema of the store " + description + ": "
                + firstSentence(text), failure);
    }

    private static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static String firstSentence(String message) {
        if (message == null) {
            return "no detail";
        }
        String line = message.strip().lines().findFirst().orElse("");
        int end = line.indexOf(". ");
        return end < 0 ? line : line.substring(0, end);
    }
}
