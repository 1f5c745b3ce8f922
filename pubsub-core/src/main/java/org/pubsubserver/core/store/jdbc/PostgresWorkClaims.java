package org.pubsubserver.core.store.jdbc;

import java.sql.PreparedStatement;
import java.time.Duration;
import org.pubsubserver.core.cluster.WorkClaims;

/**
 * Claims as rows of {@code pubsub_work_claim}: one statement takes the claim where it is free or lapsed, or renews it
 * where this instance holds it, and changes nothing where another holds it.
 */
final class PostgresWorkClaims implements WorkClaims {
    private final Transactions transactions;
    private final String instance;

    PostgresWorkClaims(Transactions transactions, String instance) {
        this.transactions = transactions;
        this.instance = instance;
    }

    @Override
    public boolean claim(String work, Duration period) {
        return transactions.write("claim " + work, connection -> {
            try (PreparedStatement claim = connection.prepareStatement("INSERT INTO pubsub_work_claim (work, holder, until)"
                    + " VALUES (?, ?, now() + make_interval(secs => ?))"
                    + " ON CONFLICT (work) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until"
                    + " WHERE pubsub_work_claim.until < now() OR pubsub_work_claim.holder = EXCLUDED.holder")) {
                claim.setString(1, work);
                claim.setString(2, instance);
                claim.setDouble(3, period.toMillis() / 1000.0);
                return claim.executeUpdate() == 1;
            }
        });
    }
}
