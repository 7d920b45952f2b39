package dev.slipway.store;

import dev.slipway.domain.AuditEvent;
import java.util.List;

/** The append-only record of who did what. */
public interface AuditLog {
    /** Appends the event and returns it with its id. */
    AuditEvent record(AuditEvent event);

    /** Newest first; {@code project} filters when not null. */
    List<AuditEvent> listRecent(String project, int limit);

    /** Oldest first: everything that happened to one deployment. */
    List<AuditEvent> listByDeployment(long deploymentId);
}
