package dev.slipway.store.jdbc;

import static dev.slipway.store.jdbc.JdbcColumns.instant;
import static dev.slipway.store.jdbc.JdbcColumns.millis;

import dev.slipway.domain.Freeze;
import dev.slipway.store.FreezeRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** Freezes made from chat in the {@code freezes} table, whose primary key keeps them one per environment. */
final class JdbcFreezeRepository implements FreezeRepository {

    private static final String COLUMNS = "project, environment, reason, since, until, frozen_by";

    private final Handle handle;

    JdbcFreezeRepository(Handle handle) {
        this.handle = handle;
    }

    @Override
    public void put(Freeze freeze) {
        Objects.requireNonNull(freeze.since(), "since");
        Objects.requireNonNull(freeze.by(), "by");
        // SQLite and PostgreSQL share this upsert: freezing a frozen environment again replaces its freeze.
        handle.createUpdate("INSERT INTO freezes (" + COLUMNS + ")"
                        + " VALUES (:project, :environment, :reason, :since, :until, :by)"
                        + " ON CONFLICT (project, environment) DO UPDATE SET reason = excluded.reason,"
                        + " since = excluded.since, until = excluded.until, frozen_by = excluded.frozen_by")
                .bind("project", freeze.project())
                .bind("environment", freeze.environment())
                .bind("reason", freeze.reason())
                .bind("since", millis(freeze.since()))
                .bind("until", millis(freeze.until()))
                .bind("by", freeze.by())
                .execute();
    }

    @Override
    public List<Freeze> list(String project) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM freezes WHERE project = :project ORDER BY environment")
                .bind("project", project)
                .map(JdbcFreezeRepository::map)
                .list();
    }

    @Override
    public List<Freeze> listAll() {
        return handle.createQuery("SELECT " + COLUMNS + " FROM freezes ORDER BY project, environment")
                .map(JdbcFreezeRepository::map)
                .list();
    }

    @Override
    public boolean delete(String project, String environment) {
        return handle.createUpdate("DELETE FROM freezes WHERE project = :project AND environment = :environment")
                .bind("project", project)
                .bind("environment", environment)
                .execute() > 0;
    }

    private static Freeze map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Freeze(rs.getString("project"), rs.getString("environment"), rs.getString("reason"),
                instant(rs, "since"), instant(rs, "until"), rs.getString("frozen_by"), null);
    }
}
