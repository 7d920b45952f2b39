package dev.slipway.store.jdbc;

import static dev.slipway.store.jdbc.JdbcColumns.instant;
import static dev.slipway.store.jdbc.JdbcColumns.millis;
import static dev.slipway.store.jdbc.JdbcColumns.nullableLong;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.AuditQuery;
import dev.slipway.store.AuditLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code audit_events} table. Events are ordered by id, the order they were appended in, rather than by
 * their {@code at}, which callers stamp and which two replicas' clocks may disagree on.
 */
final class JdbcAuditLog implements AuditLog {

    private static final String COLUMNS = "id, at, actor, action, project, environment, deployment_id, detail";

    private final Handle handle;

    JdbcAuditLog(Handle handle) {
        this.handle = handle;
    }

    @Override
    public AuditEvent record(AuditEvent e) {
        long id = handle.createQuery("""
                        INSERT INTO audit_events (at, actor, action, project, environment, deployment_id, detail)
                        VALUES (:at, :actor, :action, :project, :environment, :deploymentId, :detail)
                        RETURNING id""")
                .bind("at", millis(e.at()))
                .bind("actor", e.actor())
                .bind("action", e.action())
                .bind("project", e.project())
                .bind("environment", e.environment())
                .bind("deploymentId", e.deploymentId())
                .bind("detail", e.detail())
                .mapTo(Long.class)
                .one();
        return new AuditEvent(id, e.at(), e.actor(), e.action(), e.project(), e.environment(), e.deploymentId(),
                e.detail());
    }

    @Override
    public List<AuditEvent> listRecent(String project, int limit) {
        return list(project, null, null, limit);
    }

    @Override
    public List<AuditEvent> list(String project, String environment, Instant since, int limit) {
        Filter filter = new Filter(project, environment, since);
        return handle.createQuery("SELECT " + COLUMNS + " FROM audit_events" + filter.where()
                        + " ORDER BY id DESC LIMIT :limit")
                .bindMap(filter.values())
                .bind("limit", limit)
                .map(JdbcAuditLog::map)
                .list();
    }

    @Override
    public long count(String project, String environment, Instant since) {
        Filter filter = new Filter(project, environment, since);
        return handle.createQuery("SELECT COUNT(*) FROM audit_events" + filter.where())
                .bindMap(filter.values())
                .mapTo(Long.class)
                .one();
    }

    @Override
    public List<AuditEvent> search(AuditQuery query) {
        Filter filter = new Filter(query);
        return handle.createQuery("SELECT " + COLUMNS + " FROM audit_events" + filter.where()
                        + " ORDER BY id DESC LIMIT :limit")
                .bindMap(filter.values())
                .bind("limit", query.limit())
                .map(JdbcAuditLog::map)
                .list();
    }

    @Override
    public long count(AuditQuery query) {
        Filter filter = new Filter(query);
        return handle.createQuery("SELECT COUNT(*) FROM audit_events" + filter.where())
                .bindMap(filter.values())
                .mapTo(Long.class)
                .one();
    }

    @Override
    public List<AuditEvent> listByDeployment(long deploymentId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM audit_events WHERE deployment_id = :id ORDER BY id")
                .bind("id", deploymentId)
                .map(JdbcAuditLog::map)
                .list();
    }

    private static AuditEvent map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AuditEvent(rs.getLong("id"), instant(rs, "at"), rs.getString("actor"), rs.getString("action"),
                rs.getString("project"), rs.getString("environment"), nullableLong(rs, "deployment_id"),
                rs.getString("detail"));
    }

    /**
     * The conditions of {@link #list}, {@link #search} and the counts: only the filters given, each written as a
     * fixed condition with its value bound, never spliced into the SQL.
     */
    private static final class Filter {
        private final List<String> conditions = new ArrayList<>();
        private final Map<String, Object> values = new LinkedHashMap<>();

        Filter(String project, String environment, Instant since) {
            add("project = :project", "project", project);
            add("environment = :environment", "environment", environment);
            add("at >= :since", "since", millis(since));
        }

        Filter(AuditQuery query) {
            add("project = :project", "project", query.project());
            add("environment = :environment", "environment", query.environment());
            add("actor = :actor", "actor", query.actor());
            String action = query.actionPattern();
            if (query.actionIsPrefix()) {
                if (!action.isEmpty()) {
                    // substr rather than LIKE, whose _ and % a prefix would have to escape.
                    add("substr(action, 1, :actionLength) = :action", "action", action);
                    values.put("actionLength", action.length());
                }
            } else {
                add("action = :action", "action", action);
            }
            add("at >= :from", "from", millis(query.from()));
            add("at < :to", "to", millis(query.to()));
        }

        private void add(String condition, String name, Object value) {
            if (value != null) {
                conditions.add(condition);
                values.put(name, value);
            }
        }

        String where() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        Map<String, Object> values() {
            return values;
        }
    }
}
