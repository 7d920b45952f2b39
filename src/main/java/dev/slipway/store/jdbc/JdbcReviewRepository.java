package dev.slipway.store.jdbc;

import static dev.slipway.store.jdbc.JdbcColumns.instant;
import static dev.slipway.store.jdbc.JdbcColumns.millis;

import dev.slipway.domain.PreviewSlot;
import dev.slipway.domain.Review;
import dev.slipway.domain.ReviewState;
import dev.slipway.domain.Verdict;
import dev.slipway.store.ReviewRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** Reviews in the {@code reviews}, {@code review_verdicts} and {@code review_messages} tables. */
final class JdbcReviewRepository implements ReviewRepository {

    private static final String COLUMNS = "deployment_id, project, image, build_type, target, slot, surface, state,"
            + " production_deployment_id, decided_by, decided_at, note, created_at, updated_at";
    private static final String IN_FLIGHT = "state IN ('previewing', 'open', 'promoting')";

    private final Handle handle;
    private final JdbcVerdicts verdicts;
    private final JdbcConflicts conflicts;

    JdbcReviewRepository(Handle handle, JdbcConflicts conflicts) {
        this.handle = handle;
        this.conflicts = conflicts;
        this.verdicts = new JdbcVerdicts(handle, JdbcVerdicts.REVIEWS);
    }

    @Override
    public void insert(Review r) {
        conflicts.run(() -> handle.createUpdate("INSERT INTO reviews (" + COLUMNS + ") VALUES (:id, :project, :image,"
                        + " :buildType, :target, :slot, :surface, :state, :production, :decidedBy, :decidedAt, :note,"
                        + " :createdAt, :updatedAt)")
                .bind("id", r.deploymentId())
                .bind("project", r.project())
                .bind("image", r.image())
                .bind("buildType", r.buildType())
                .bind("target", r.target())
                .bind("slot", r.slot().key())
                .bind("surface", r.surface())
                .bind("state", r.state().label())
                .bind("production", r.productionDeploymentId())
                .bind("decidedBy", r.decidedBy())
                .bind("decidedAt", millis(r.decidedAt()))
                .bind("note", r.note())
                .bind("createdAt", millis(r.createdAt()))
                .bind("updatedAt", millis(r.updatedAt()))
                .execute());
    }

    @Override
    public Optional<Review> findById(long deploymentId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM reviews WHERE deployment_id = :id")
                .bind("id", deploymentId)
                .map(JdbcReviewRepository::map)
                .findOne();
    }

    @Override
    public Optional<Review> findInFlight(String project, String image, String buildType, String target) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM reviews WHERE project = :project AND image = :image"
                        + " AND build_type = :buildType AND target = :target AND " + IN_FLIGHT)
                .bind("project", project)
                .bind("image", image)
                .bind("buildType", buildType)
                .bind("target", target)
                .map(JdbcReviewRepository::map)
                .findOne();
    }

    @Override
    public Optional<Review> findByProductionDeployment(long productionDeploymentId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM reviews WHERE production_deployment_id = :id")
                .bind("id", productionDeploymentId)
                .map(JdbcReviewRepository::map)
                .findFirst();
    }

    @Override
    public List<Review> listInFlight(String project) {
        // The project filter is left out rather than written as ":p IS NULL OR ...", which PostgreSQL cannot type.
        var query = handle.createQuery("SELECT " + COLUMNS + " FROM reviews WHERE " + IN_FLIGHT
                + (project == null ? "" : " AND project = :project") + " ORDER BY deployment_id");
        if (project != null) {
            query.bind("project", project);
        }
        return query.map(JdbcReviewRepository::map).list();
    }

    @Override
    public List<Review> listOpenInSlot(String project, String slotKey) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM reviews WHERE project = :project AND slot = :slot"
                        + " AND state = 'open' ORDER BY deployment_id")
                .bind("project", project)
                .bind("slot", slotKey)
                .map(JdbcReviewRepository::map)
                .list();
    }

    @Override
    public boolean update(Review r, ReviewState expected) {
        return conflicts.run(() -> handle.createUpdate("""
                        UPDATE reviews
                           SET state = :state, production_deployment_id = :production, decided_by = :decidedBy,
                               decided_at = :decidedAt, note = :note, updated_at = :updatedAt
                         WHERE deployment_id = :id AND state = :expected""")
                .bind("id", r.deploymentId())
                .bind("expected", expected.label())
                .bind("state", r.state().label())
                .bind("production", r.productionDeploymentId())
                .bind("decidedBy", r.decidedBy())
                .bind("decidedAt", millis(r.decidedAt()))
                .bind("note", r.note())
                .bind("updatedAt", millis(r.updatedAt()))
                .execute()) == 1;
    }

    @Override
    public void saveVerdict(Verdict v) {
        verdicts.save(v);
    }

    @Override
    public List<Verdict> listVerdicts(long deploymentId) {
        return verdicts.list(deploymentId);
    }

    @Override
    public void saveMessageRef(long deploymentId, String recipient, String messageRef) {
        verdicts.saveMessageRef(deploymentId, recipient, messageRef);
    }

    @Override
    public Optional<String> findMessageRef(long deploymentId, String recipient) {
        return verdicts.findMessageRef(deploymentId, recipient);
    }

    private static Review map(ResultSet rs, StatementContext ctx) throws SQLException {
        long production = rs.getLong("production_deployment_id");
        Long productionId = rs.wasNull() ? null : production;
        return new Review(
                rs.getLong("deployment_id"),
                rs.getString("project"),
                rs.getString("image"),
                rs.getString("build_type"),
                rs.getString("target"),
                PreviewSlot.fromKey(rs.getString("slot")),
                rs.getString("surface"),
                ReviewState.fromLabel(rs.getString("state")),
                productionId,
                rs.getString("decided_by"),
                instant(rs, "decided_at"),
                rs.getString("note"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}
