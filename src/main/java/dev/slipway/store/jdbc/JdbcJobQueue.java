package dev.slipway.store.jdbc;

import static dev.slipway.store.jdbc.JdbcColumns.instant;

import dev.slipway.store.Job;
import dev.slipway.store.JobQueue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code jobs} table as a queue shared by workers in any number of processes. A claim is one
 * {@code UPDATE ... RETURNING} whose subquery picks the job, so no two workers can take the same row:
 * SQLite serialises writers, PostgreSQL's {@code SKIP LOCKED} passes over rows being claimed.
 */
final class JdbcJobQueue implements JobQueue {

    private static final String COLUMNS = "id, kind, payload, serial_key, run_at, attempts, status, last_error";

    // The outer WHERE repeats the lease test because on PostgreSQL the row may have changed between the
    // subquery's snapshot and the moment it was locked.
    private static final String CLAIM = """
            UPDATE jobs
               SET attempts = attempts + 1, locked_by = :worker, locked_until = :until, updated_at = :now
             WHERE id = (SELECT j.id FROM jobs j
                          WHERE j.status = 'pending' AND j.run_at <= :now AND j.kind IN (<kinds>)
                            AND (j.locked_until IS NULL OR j.locked_until <= :now)
                            AND NOT EXISTS (SELECT 1 FROM jobs p
                                             WHERE p.status = 'pending' AND p.serial_key = j.serial_key
                                               AND p.id < j.id)
                          ORDER BY j.run_at, j.id
                          LIMIT 1 %s)
               AND status = 'pending' AND (locked_until IS NULL OR locked_until <= :now)
            RETURNING""" + " " + COLUMNS;

    private final Handle handle;
    private final Clock clock;
    private final String claimSql;

    JdbcJobQueue(Handle handle, SqlDialect dialect, Clock clock) {
        this.handle = handle;
        this.clock = clock;
        this.claimSql = CLAIM.formatted(dialect.skipLocked());
    }

    @Override
    public long enqueue(String kind, String payload, String serialKey, Instant runAt) {
        long now = clock.millis();
        return handle.createQuery("""
                        INSERT INTO jobs (kind, payload, serial_key, run_at, attempts, status, created_at, updated_at)
                        VALUES (:kind, :payload, :serialKey, :runAt, 0, 'pending', :now, :now)
                        RETURNING id""")
                .bind("kind", kind)
                .bind("payload", payload)
                .bind("serialKey", serialKey)
                .bind("runAt", runAt.toEpochMilli())
                .bind("now", now)
                .mapTo(Long.class)
                .one();
    }

    @Override
    public Optional<Job> claimNext(String worker, Instant now, Duration lease, Collection<String> kinds) {
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        return handle.createQuery(claimSql)
                .bindList("kinds", List.copyOf(kinds))
                .bind("worker", worker)
                .bind("now", now.toEpochMilli())
                .bind("until", now.plus(lease).toEpochMilli())
                .map(JdbcJobQueue::map)
                .findOne();
    }

    @Override
    public boolean extendLease(long jobId, String worker, Instant until) {
        return handle.createUpdate("""
                        UPDATE jobs SET locked_until = :until, updated_at = :now
                         WHERE id = :id AND locked_by = :worker AND status = 'pending'""")
                .bind("id", jobId)
                .bind("worker", worker)
                .bind("until", until.toEpochMilli())
                .bind("now", clock.millis())
                .execute() == 1;
    }

    @Override
    public void complete(long jobId) {
        handle.createUpdate("""
                        UPDATE jobs SET status = 'done', locked_by = NULL, locked_until = NULL, updated_at = :now
                         WHERE id = :id""")
                .bind("id", jobId)
                .bind("now", clock.millis())
                .execute();
    }

    @Override
    public void retryAt(long jobId, Instant runAt, String lastError) {
        handle.createUpdate("""
                        UPDATE jobs SET status = 'pending', run_at = :runAt, last_error = :lastError,
                                        locked_by = NULL, locked_until = NULL, updated_at = :now
                         WHERE id = :id""")
                .bind("id", jobId)
                .bind("runAt", runAt.toEpochMilli())
                .bind("lastError", lastError)
                .bind("now", clock.millis())
                .execute();
    }

    @Override
    public void postpone(long jobId, Instant runAt) {
        handle.createUpdate("""
                        UPDATE jobs SET attempts = CASE WHEN locked_by IS NOT NULL AND attempts > 0
                                                        THEN attempts - 1 ELSE attempts END,
                                        run_at = :runAt, locked_by = NULL, locked_until = NULL, updated_at = :now
                         WHERE id = :id AND status = 'pending'""")
                .bind("id", jobId)
                .bind("runAt", runAt.toEpochMilli())
                .bind("now", clock.millis())
                .execute();
    }

    @Override
    public void release(long jobId) {
        // Only a leased job gives its attempt back, so releasing twice cannot take back an attempt never made.
        handle.createUpdate("""
                        UPDATE jobs SET attempts = CASE WHEN locked_by IS NOT NULL AND attempts > 0
                                                        THEN attempts - 1 ELSE attempts END,
                                        locked_by = NULL, locked_until = NULL, updated_at = :now
                         WHERE id = :id AND status = 'pending'""")
                .bind("id", jobId)
                .bind("now", clock.millis())
                .execute();
    }

    @Override
    public void fail(long jobId, String lastError) {
        handle.createUpdate("""
                        UPDATE jobs SET status = 'failed', last_error = :lastError,
                                        locked_by = NULL, locked_until = NULL, updated_at = :now
                         WHERE id = :id""")
                .bind("id", jobId)
                .bind("lastError", lastError)
                .bind("now", clock.millis())
                .execute();
    }

    @Override
    public Optional<Job> findById(long jobId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE id = :id")
                .bind("id", jobId)
                .map(JdbcJobQueue::map)
                .findOne();
    }

    @Override
    public List<Job> listPending() {
        return handle.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE status = 'pending' ORDER BY id")
                .map(JdbcJobQueue::map)
                .list();
    }

    private static Job map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Job(rs.getLong("id"), rs.getString("kind"), rs.getString("payload"), rs.getString("serial_key"),
                instant(rs, "run_at"), rs.getInt("attempts"), rs.getString("status"), rs.getString("last_error"));
    }
}
