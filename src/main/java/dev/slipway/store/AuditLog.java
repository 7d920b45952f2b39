package dev.slipway.store;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.AuditQuery;
import java.time.Instant;
import java.util.List;

/** The append-only record of who did what. */
public interface AuditLog {
    /** Appends the event and returns it with its id. */
    AuditEvent record(AuditEvent event);

    /** Newest first; {@code project} filters when not null. */
    List<AuditEvent> listRecent(String project, int limit);

    /**
     * Newest first (in the order appended), at most {@code limit}: the events of {@code project}, of
     * {@code environment}, stamped at or after {@code since}; each filter applies only when not null.
     */
    List<AuditEvent> list(String project, String environment, Instant since, int limit);

    /** How many events {@link #list} would return without its limit. */
    long count(String project, String environment, Instant since);

    /** Newest first (in the order appended): the events {@code query} matches, at most its limit. */
    List<AuditEvent> search(AuditQuery query);

    /** How many events {@link #search} would find without the limit. */
    long count(AuditQuery query);

    /** Oldest first: everything that happened to one deployment. */
    List<AuditEvent> listByDeployment(long deploymentId);
}
