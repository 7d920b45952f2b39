package dev.slipway.store.jdbc;

import static dev.slipway.store.jdbc.JdbcColumns.instant;
import static dev.slipway.store.jdbc.JdbcColumns.millis;

import dev.slipway.domain.HandedOnRun;
import dev.slipway.domain.StartAttempt;
import dev.slipway.store.HandedOnRunRepository;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Handed-on runs in the {@code handed_on_runs} table; its keys keep one per deployment and provider, and per run. */
final class JdbcHandedOnRunRepository implements HandedOnRunRepository {
    private final Handle handle;
    private final JdbcConflicts conflicts;

    JdbcHandedOnRunRepository(Handle handle, JdbcConflicts conflicts) {
        this.handle = handle;
        this.conflicts = conflicts;
    }

    @Override
    public boolean recordAttempt(long deploymentId, String provider, StartAttempt attempt) {
        // Both SQLite and PostgreSQL skip the row on a taken key, so a second attempt is a plain false.
        return handle.createUpdate("INSERT INTO handed_on_runs (deployment_id, provider, start_key, start_key_at)"
                        + " VALUES (:id, :provider, :key, :at) ON CONFLICT (deployment_id, provider) DO NOTHING")
                .bind("id", deploymentId)
                .bind("provider", provider)
                .bind("key", attempt.key())
                .bind("at", millis(attempt.at()))
                .execute() == 1;
    }

    @Override
    public Optional<HandedOnRun> find(long deploymentId, String provider) {
        return handle.createQuery("SELECT deployment_id, provider, start_key, start_key_at, run_id, run_url, told_at"
                        + " FROM handed_on_runs WHERE deployment_id = :id AND provider = :provider")
                .bind("id", deploymentId)
                .bind("provider", provider)
                .map((rs, ctx) -> new HandedOnRun(rs.getLong("deployment_id"), rs.getString("provider"),
                        new StartAttempt(rs.getString("start_key"), instant(rs, "start_key_at")),
                        rs.getString("run_id"), rs.getString("run_url"),
                        rs.getObject("told_at") == null ? null : instant(rs, "told_at")))
                .findOne();
    }

    @Override
    public void recordRun(long deploymentId, String provider, String runId, String runUrl) {
        conflicts.run(() -> handle.createUpdate("UPDATE handed_on_runs SET run_id = :run, run_url = :url"
                        + " WHERE deployment_id = :id AND provider = :provider")
                .bind("id", deploymentId)
                .bind("provider", provider)
                .bind("run", runId)
                .bind("url", runUrl)
                .execute());
    }

    @Override
    public void recordTold(long deploymentId, String provider, java.time.Instant at) {
        handle.createUpdate("UPDATE handed_on_runs SET told_at = :at"
                        + " WHERE deployment_id = :id AND provider = :provider AND told_at IS NULL")
                .bind("id", deploymentId)
                .bind("provider", provider)
                .bind("at", millis(at))
                .execute();
    }

    @Override
    public void clearAttempt(long deploymentId, String provider, String key) {
        handle.createUpdate("DELETE FROM handed_on_runs WHERE deployment_id = :id AND provider = :provider"
                        + " AND start_key = :key AND run_id IS NULL")
                .bind("id", deploymentId)
                .bind("provider", provider)
                .bind("key", key)
                .execute();
    }

    @Override
    public Optional<Long> findDeployment(String provider, String runId) {
        return handle.createQuery("SELECT deployment_id FROM handed_on_runs WHERE provider = :provider AND run_id = :run")
                .bind("provider", provider)
                .bind("run", runId)
                .mapTo(Long.class)
                .findOne();
    }
}
