package dev.slipway.store.jdbc;

import static dev.slipway.store.jdbc.JdbcColumns.instant;
import static dev.slipway.store.jdbc.JdbcColumns.millis;

import dev.slipway.domain.EnvironmentLock;
import dev.slipway.store.LockRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** Environment locks in the {@code locks} table, whose primary key keeps them one per environment. */
final class JdbcLockRepository implements LockRepository {

    private static final String COLUMNS = "project, environment, holder, reason, since";

    private final Handle handle;
    private final SqlDialect dialect;
    private final JdbcConflicts conflicts;

    JdbcLockRepository(Handle handle, SqlDialect dialect, JdbcConflicts conflicts) {
        this.handle = handle;
        this.dialect = dialect;
        this.conflicts = conflicts;
    }

    @Override
    public void takeTurn(String project, String environment) {
        String turn = dialect.environmentTurn();
        if (turn.isEmpty()) {
            return;
        }
        handle.createQuery(turn)
                .bind("project", project)
                .bind("environment", environment)
                .mapToMap()
                .list();
    }

    @Override
    public Optional<EnvironmentLock> find(String project, String environment) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM locks"
                        + " WHERE project = :project AND environment = :environment")
                .bind("project", project)
                .bind("environment", environment)
                .map(JdbcLockRepository::map)
                .findOne();
    }

    @Override
    public void insert(EnvironmentLock lock) {
        conflicts.run(() -> handle.createUpdate("INSERT INTO locks (" + COLUMNS + ")"
                        + " VALUES (:project, :environment, :holder, :reason, :since)")
                .bind("project", lock.project())
                .bind("environment", lock.environment())
                .bind("holder", lock.holder())
                .bind("reason", lock.reason())
                .bind("since", millis(lock.since()))
                .execute());
    }

    @Override
    public boolean delete(String project, String environment) {
        return handle.createUpdate("DELETE FROM locks WHERE project = :project AND environment = :environment")
                .bind("project", project)
                .bind("environment", environment)
                .execute() > 0;
    }

    @Override
    public List<EnvironmentLock> list(String project) {
        if (project == null) {
            return handle.createQuery("SELECT " + COLUMNS + " FROM locks ORDER BY project, environment")
                    .map(JdbcLockRepository::map)
                    .list();
        }
        return handle.createQuery("SELECT " + COLUMNS + " FROM locks WHERE project = :project ORDER BY environment")
                .bind("project", project)
                .map(JdbcLockRepository::map)
                .list();
    }

    private static EnvironmentLock map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new EnvironmentLock(rs.getString("project"), rs.getString("environment"), rs.getString("holder"),
                rs.getString("reason"), instant(rs, "since"));
    }
}
