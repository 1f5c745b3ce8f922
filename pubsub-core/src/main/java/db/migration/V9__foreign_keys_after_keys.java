package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Recreates the foreign keys to {@code pubsub_node} of the item, subscription and affiliation tables, so
 * that their indexes come after the tables' own keys. H2 plans a statement when it first prepares it,
 * often while the tables are still empty; then every index that starts with {@code node_id} costs the same
 * and the oldest one wins, which was the foreign key's, on {@code node_id} alone. Replacing an item by its
 * id (node_id, item_id) then walked all of the node's items on every publish. With the keys' indexes first,
 * the index that matches the whole condition is chosen.
 *
 * <p>A Java migration because H2 names those constraints itself (CONSTRAINT_91...): they are looked up.
 */
public class V9__foreign_keys_after_keys extends BaseJavaMigration {
    private static final String[] TABLES = {"PUBSUB_ITEM", "PUBSUB_SUBSCRIPTION", "PUBSUB_AFFILIATION"};

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        for (String table : TABLES) {
            try (PreparedStatement select = connection.prepareStatement("SELECT tc.CONSTRAINT_NAME"
                    + " FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc"
                    + " JOIN INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS rc"
                    + " ON rc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND rc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
                    + " WHERE tc.TABLE_SCHEMA = SCHEMA() AND tc.TABLE_NAME = ? AND tc.CONSTRAINT_TYPE = 'FOREIGN KEY'")) {
                select.setString(1, table);
                try (ResultSet rows = select.executeQuery(); Statement ddl = connection.createStatement()) {
                    while (rows.next()) {
                        ddl.execute("ALTER TABLE " + table + " DROP CONSTRAINT \"" + rows.getString(1) + "\"");
                    }
                }
            }
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + table + "_NODE FOREIGN KEY (node_id)"
                        + " REFERENCES pubsub_node (id) ON DELETE CASCADE");
            }
        }
    }
}
