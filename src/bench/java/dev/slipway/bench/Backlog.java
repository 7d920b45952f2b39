package dev.slipway.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The worker backlog a load leaves behind on the durable path: deployments not ended and jobs pending when the load
 * stops, and how long Slipway's workers take to work through them (the database polled every 250 ms), the same
 * reading of "quiet" as {@link ReplicasScenario#QUIET}.
 *
 * @param drainedSeconds from the end of the load until quiet; NaN if still busy at the limit
 */
record Backlog(long deployments, long activeAtEnd, long pendingAtEnd, double drainedSeconds, long activeLeft,
               long pendingLeft, Duration limit) {
    private static final String ACTIVE = "SELECT count(*) FROM deployments WHERE " + ReplicasScenario.ACTIVE;
    private static final String PENDING = "SELECT count(*) FROM jobs WHERE status = 'pending'";

    static Backlog drain(Callable<Connection> database, Duration limit) throws Exception {
        long loadEnded = System.nanoTime();
        long deadline = loadEnded + limit.toNanos();
        long activeAtEnd = count(database, ACTIVE);
        long pendingAtEnd = count(database, PENDING);
        long active = activeAtEnd;
        long pending = pendingAtEnd;
        while (active + pending > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            active = count(database, ACTIVE);
            pending = count(database, PENDING);
        }
        double waited = (System.nanoTime() - loadEnded) / 1e9;
        return new Backlog(count(database, "SELECT count(*) FROM deployments"), activeAtEnd, pendingAtEnd,
                active + pending == 0 ? waited : Double.NaN, active, pending, limit);
    }

    /** "12.3" seconds, or "> 120 (N deployments, M jobs left)". */
    String drained() {
        return Double.isNaN(drainedSeconds)
                ? String.format(Locale.ROOT, "> %d (%,d deployments, %,d jobs left)", limit.toSeconds(), activeLeft,
                        pendingLeft)
                : String.format(Locale.ROOT, "%.1f", drainedSeconds);
    }

    private static long count(Callable<Connection> database, String sql) throws Exception {
        try (Connection db = database.call(); ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new SQLException(sql + ": " + e.getMessage(), e);
        }
    }
}
