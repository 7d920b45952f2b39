package dev.slipway.store.jdbc;

import static dev.slipway.store.jdbc.JdbcColumns.instant;
import static dev.slipway.store.jdbc.JdbcColumns.millis;

import dev.slipway.domain.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Each person's latest word on a deployment, and the message each was sent about it: the same two tables for builds
 * under review ({@code review_verdicts}, {@code review_messages}) and for deployments awaiting approval
 * ({@code deployment_verdicts}, {@code approval_messages}). Table and column names are this class's constants,
 * never input.
 */
final class JdbcVerdicts {
    static final Tables REVIEWS = new Tables("review_verdicts", "reviewer", "review_messages");
    static final Tables APPROVALS = new Tables("deployment_verdicts", "approver", "approval_messages");

    /** Where one kind of verdict is kept, and the column naming who gave it. */
    record Tables(String verdicts, String person, String messages) {
    }

    private final Handle handle;
    private final Tables tables;

    JdbcVerdicts(Handle handle, Tables tables) {
        this.handle = handle;
        this.tables = tables;
    }

    /** Keeps {@code v}, replacing the same person's earlier word. */
    void save(Verdict v) {
        handle.createUpdate(("INSERT INTO %1$s (deployment_id, %2$s, verdict, at) VALUES (:id, :person, :verdict, :at)"
                        + " ON CONFLICT (deployment_id, %2$s) DO UPDATE SET verdict = excluded.verdict, at = excluded.at")
                        .formatted(tables.verdicts(), tables.person()))
                .bind("id", v.deploymentId())
                .bind("person", v.reviewer())
                .bind("verdict", v.kind().label())
                .bind("at", millis(v.at()))
                .execute();
    }

    /** Each person's latest word, oldest first. */
    List<Verdict> list(long deploymentId) {
        return handle.createQuery("SELECT deployment_id, %2$s, verdict, at FROM %1$s WHERE deployment_id = :id ORDER BY at, %2$s"
                        .formatted(tables.verdicts(), tables.person()))
                .bind("id", deploymentId)
                .map((rs, ctx) -> new Verdict(rs.getLong("deployment_id"), rs.getString(tables.person()),
                        Verdict.Kind.valueOf(rs.getString("verdict").toUpperCase(Locale.ROOT)), instant(rs, "at")))
                .list();
    }

    void saveMessageRef(long deploymentId, String recipient, String messageRef) {
        handle.createUpdate(("INSERT INTO %s (deployment_id, recipient, message_ref) VALUES (:id, :recipient, :ref)"
                        + " ON CONFLICT (deployment_id, recipient) DO UPDATE SET message_ref = excluded.message_ref")
                        .formatted(tables.messages()))
                .bind("id", deploymentId)
                .bind("recipient", recipient)
                .bind("ref", messageRef)
                .execute();
    }

    Optional<String> findMessageRef(long deploymentId, String recipient) {
        return handle.createQuery("SELECT message_ref FROM %s WHERE deployment_id = :id AND recipient = :recipient"
                        .formatted(tables.messages()))
                .bind("id", deploymentId)
                .bind("recipient", recipient)
                .mapTo(String.class)
                .findOne();
    }
}
