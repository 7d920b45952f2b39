package dev.slipway.store.jdbc;

import static dev.slipway.store.jdbc.JdbcColumns.instant;

import dev.slipway.store.Job;
import dev.slipway.store.JobQueue;
import dev.slipway.store.JobStats;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code jobs} table as a queue shared by workers in any number of processes. A claim is one
 * {@code UPDATE ... RETURNING} whose subquery picks the job, so no two workers can take the same row:
 * SQLite serialises writers, PostgreSQL's {@code SKIP LOCKED} passes over rows being claimed. Every claim stores a
 * new lease token, and every later change to a claimed job names it, so a claim that lost its job changes nothing.
 */
final class JdbcJobQueue implements JobQueue {

    private static final String COLUMNS = "id, kind, payload, serial_key, run_at, attempts, status, last_error";

    // The outer WHERE repeats the lease test because on PostgreSQL the row may have changed between the
    // subquery's snapshot and the moment it was locked.
    private static final String CLAIM = """
            UPDATE jobs
               SET attempts = attempts + 1, locked_by = :worker, locked_until = :until, lease_token = :token,
                   updated_at = :now
             WHERE id = (SELECT j.id FROM jobs j
                          WHERE j.status = 'pending' AND j.run_at <= :now AND j.kind IN (<kinds>)
                            AND (j.locked_until IS NULL OR j.locked_until <= :now)
                            AND NOT EXISTS (SELECT 1 FROM jobs p
                                             WHERE p.status = 'pending' AND p.serial_key = j.serial_key
                                               AND p.id < j.id)
                          ORDER BY j.run_at, j.id
                          LIMIT 1 %s)
               AND status = 'pending' AND (locked_until IS NULL OR locked_until <= :now)
            RETURNING""" + " " + COLUMNS + ", lease_token";

    /** The job is still pending under the lease of the claim whose token is bound. */
    private static final String HELD = " WHERE id = :id AND status = 'pending' AND lease_token = :token";
    private static final String UNLEASED = "locked_by = NULL, locked_until = NULL, lease_token = NULL, updated_at = :now";
    private static final String ATTEMPT_GIVEN_BACK = "CASE WHEN attempts > 0 THEN attempts - 1 ELSE attempts END";

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
    public boolean enqueueUnlessWaiting(String kind, String payload, Instant runAt) {
        long now = clock.millis();
        return handle.createUpdate("""
                        INSERT INTO jobs (kind, payload, serial_key, run_at, attempts, status, created_at, updated_at)
                        SELECT :kind, :payload, NULL, :runAt, 0, 'pending', :now, :now
                        WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE kind = :kind AND payload = :payload
                            AND status = 'pending' AND locked_by IS NULL AND run_at <= :runAt)""")
                .bind("kind", kind)
                .bind("payload", payload)
                .bind("runAt", runAt.toEpochMilli())
                .bind("now", now)
                .execute() == 1;
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
                .bind("token", UUID.randomUUID().toString())
                .map(JdbcJobQueue::mapClaimed)
                .findOne();
    }

    @Override
    public boolean extendLease(Job claimed, Instant until) {
        return handle.createUpdate("UPDATE jobs SET locked_until = :until, updated_at = :now" + HELD)
                .bind("id", claimed.id())
                .bind("token", claimed.leaseToken())
                .bind("until", until.toEpochMilli())
                .bind("now", clock.millis())
                .execute() == 1;
    }

    @Override
    public boolean holdLease(Job claimed) {
        // A write that changes nothing, so that PostgreSQL locks the row: a claim waits for this transaction.
        return handle.createUpdate("UPDATE jobs SET lease_token = lease_token" + HELD + " AND locked_until > :now")
                .bind("id", claimed.id())
                .bind("token", claimed.leaseToken())
                .bind("now", clock.millis())
                .execute() == 1;
    }

    @Override
    public boolean complete(Job claimed) {
        return handle.createUpdate("UPDATE jobs SET status = 'done', " + UNLEASED + HELD)
                .bind("id", claimed.id())
                .bind("token", claimed.leaseToken())
                .bind("now", clock.millis())
                .execute() == 1;
    }

    @Override
    public boolean retryAt(Job claimed, Instant runAt, String lastError) {
        return handle.createUpdate("UPDATE jobs SET run_at = :runAt, last_error = :lastError, " + UNLEASED + HELD)
                .bind("id", claimed.id())
                .bind("token", claimed.leaseToken())
                .bind("runAt", runAt.toEpochMilli())
                .bind("lastError", lastError)
                .bind("now", clock.millis())
                .execute() == 1;
    }

    @Override
    public boolean postpone(Job claimed, Instant runAt) {
        return handle.createUpdate("UPDATE jobs SET attempts = " + ATTEMPT_GIVEN_BACK + ", run_at = :runAt, "
                        + UNLEASED + HELD)
                .bind("id", claimed.id())
                .bind("token", claimed.leaseToken())
                .bind("runAt", runAt.toEpochMilli())
                .bind("now", clock.millis())
                .execute() == 1;
    }

    @Override
    public boolean release(Job claimed) {
        return handle.createUpdate("UPDATE jobs SET attempts = " + ATTEMPT_GIVEN_BACK + ", " + UNLEASED + HELD)
                .bind("id", claimed.id())
                .bind("token", claimed.leaseToken())
                .bind("now", clock.millis())
                .execute() == 1;
    }

    @Override
    public boolean fail(Job claimed, String lastError) {
        return handle.createUpdate("UPDATE jobs SET status = 'failed', last_error = :lastError, " + UNLEASED + HELD)
                .bind("id", claimed.id())
                .bind("token", claimed.leaseToken())
                .bind("lastError", lastError)
                .bind("now", clock.millis())
                .execute() == 1;
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

    @Override
    public JobStats stats(Instant now, Collection<String> kinds) {
        if (kinds.isEmpty()) {
            return new JobStats(0, 0, 0, Optional.empty());
        }
        // Both halves walk the jobs_due index (status first): done jobs, the bulk of the table, are never read.
        JobStats pending = handle.createQuery("""
                        SELECT SUM(CASE WHEN locked_until > :now THEN 0 WHEN run_at <= :now THEN 1 ELSE 0 END) AS waiting,
                               SUM(CASE WHEN locked_until > :now THEN 1 ELSE 0 END) AS running,
                               MIN(CASE WHEN locked_until > :now THEN NULL WHEN run_at <= :now THEN run_at END) AS oldest
                        FROM jobs WHERE status = 'pending' AND kind IN (<kinds>)""")
                .bindList("kinds", List.copyOf(kinds))
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> new JobStats(rs.getLong("waiting"), rs.getLong("running"), 0,
                        Optional.ofNullable(instant(rs, "oldest"))))
                .one();
        long failed = handle.createQuery("SELECT COUNT(*) FROM jobs WHERE status = 'failed' AND kind IN (<kinds>)")
                .bindList("kinds", List.copyOf(kinds))
                .mapTo(Long.class)
                .one();
        return new JobStats(pending.waiting(), pending.running(), failed, pending.oldestWaitingSince());
    }

    private static Job map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Job(rs.getLong("id"), rs.getString("kind"), rs.getString("payload"), rs.getString("serial_key"),
                instant(rs, "run_at"), rs.getInt("attempts"), rs.getString("status"), rs.getString("last_error"));
    }

    private static Job mapClaimed(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Job(rs.getLong("id"), rs.getString("kind"), rs.getString("payload"), rs.getString("serial_key"),
                instant(rs, "run_at"), rs.getInt("attempts"), rs.getString("status"), rs.getString("last_error"),
                rs.getString("lease_token"));
    }
}
