package dev.slipway.store.jdbc;

import static dev.slipway.store.jdbc.JdbcColumns.instant;
import static dev.slipway.store.jdbc.JdbcColumns.millis;

import dev.slipway.domain.ChannelBinding;
import dev.slipway.store.ChannelBindingRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** Channel bindings in the {@code channel_bindings} table, whose primary key keeps them one per channel. */
final class JdbcChannelBindingRepository implements ChannelBindingRepository {

    private static final String COLUMNS = "channel, project, repository, bound_by, bound_at";

    private final Handle handle;

    JdbcChannelBindingRepository(Handle handle) {
        this.handle = handle;
    }

    @Override
    public Optional<ChannelBinding> find(String channel) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM channel_bindings WHERE channel = :channel")
                .bind("channel", channel)
                .map(JdbcChannelBindingRepository::map)
                .findOne();
    }

    @Override
    public Optional<ChannelBinding> findNewestByProject(String project) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM channel_bindings WHERE project = :project"
                        + " ORDER BY bound_at DESC, channel LIMIT 1")
                .bind("project", project)
                .map(JdbcChannelBindingRepository::map)
                .findOne();
    }

    @Override
    public void put(ChannelBinding binding) {
        // SQLite and PostgreSQL share this upsert: a channel bound twice at once ends with one binding, either.
        handle.createUpdate("INSERT INTO channel_bindings (" + COLUMNS + ")"
                        + " VALUES (:channel, :project, :repository, :boundBy, :boundAt)"
                        + " ON CONFLICT (channel) DO UPDATE SET project = excluded.project,"
                        + " repository = excluded.repository, bound_by = excluded.bound_by, bound_at = excluded.bound_at")
                .bind("channel", binding.channel())
                .bind("project", binding.project())
                .bind("repository", binding.repository())
                .bind("boundBy", binding.boundBy())
                .bind("boundAt", millis(binding.boundAt()))
                .execute();
    }

    @Override
    public boolean delete(String channel) {
        return handle.createUpdate("DELETE FROM channel_bindings WHERE channel = :channel")
                .bind("channel", channel)
                .execute() > 0;
    }

    private static ChannelBinding map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ChannelBinding(rs.getString("channel"), rs.getString("project"), rs.getString("repository"),
                rs.getString("bound_by"), instant(rs, "bound_at"));
    }
}
