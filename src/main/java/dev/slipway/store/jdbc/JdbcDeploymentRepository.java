package dev.slipway.store.jdbc;

import static dev.slipway.store.jdbc.JdbcColumns.instant;
import static dev.slipway.store.jdbc.JdbcColumns.millis;

import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.QueueAhead;
import dev.slipway.domain.StartAttempt;
import dev.slipway.domain.Verdict;
import dev.slipway.secret.SecretBox;
import dev.slipway.store.DeploymentRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/** Deployments in the {@code deployments} and {@code deployment_outputs} tables. */
final class JdbcDeploymentRepository implements DeploymentRepository {

    private static final String COLUMNS = "id, project, environment, ref, state, requested_by, origin_surface,"
            + " origin_channel, origin_thread, origin_message, created_at, updated_at, started_at, finished_at, external_id,"
            + " external_url, summary, output_tail, message_ref, slot";
    private static final String ACTIVE = "state IN ('requested', 'awaiting_approval', 'queued', 'running')";
    private static final String HOLDING = "state IN ('queued', 'running') AND dispatched_at IS NOT NULL";
    private static final String WAITING = "state IN ('requested', 'awaiting_approval', 'queued') AND dispatched_at IS NULL";
    /** In the queue for its turn: the partial index deployments_queued holds exactly these. */
    private static final String QUEUED = "state = 'queued' AND dispatched_at IS NULL";

    private final Handle handle;
    private final JdbcConflicts conflicts;
    private final SecretBox box;
    private final JdbcVerdicts approvals;

    JdbcDeploymentRepository(Handle handle, JdbcConflicts conflicts, SecretBox box) {
        this.handle = handle;
        this.conflicts = conflicts;
        this.box = box;
        this.approvals = new JdbcVerdicts(handle, JdbcVerdicts.APPROVALS);
    }

    @Override
    public Deployment insert(Deployment d) {
        long id = conflicts.run(() -> bindMutable(handle.createQuery("""
                        INSERT INTO deployments (project, environment, ref, state, requested_by, origin_surface,
                            origin_channel, origin_thread, origin_message, created_at, updated_at, started_at,
                            finished_at, external_id, external_url, summary, output_tail, message_ref, slot,
                            dispatched_at)
                        VALUES (:project, :environment, :ref, :state, :requestedBy, :surface, :channel, :thread,
                            :message, :createdAt, :updatedAt, :startedAt, :finishedAt, :externalId, :externalUrl, :summary,
                            :outputTail, :messageRef, :slot, :dispatchedAt)
                        RETURNING id""")
                        .bind("slot", d.slot() == null ? "" : d.slot())
                        // A build's preview holds its own slot from the start: previews do not queue.
                        .bind("dispatchedAt", d.slot() == null ? null : millis(d.createdAt()))
                        .bind("project", d.project())
                        .bind("environment", d.environment())
                        .bind("ref", d.ref())
                        .bind("requestedBy", d.requestedBy())
                        .bind("surface", d.origin().surface())
                        .bind("channel", d.origin().channel())
                        .bind("thread", d.origin().thread())
                        .bind("message", d.origin().message())
                        .bind("createdAt", millis(d.createdAt())), d)
                .mapTo(Long.class)
                .one());
        return d.withId(id);
    }

    @Override
    public Optional<Deployment> findById(long id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM deployments WHERE id = :id")
                .bind("id", id)
                .map(JdbcDeploymentRepository::map)
                .findOne();
    }

    @Override
    public Optional<Deployment> findActive(String project, String environment) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM deployments"
                        + " WHERE project = :project AND environment = :environment AND slot = '' AND " + HOLDING)
                .bind("project", project)
                .bind("environment", environment)
                .map(JdbcDeploymentRepository::map)
                .findOne();
    }

    @Override
    public List<Deployment> listWaiting(String project, String environment) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM deployments"
                        + " WHERE project = :project AND environment = :environment AND slot = '' AND " + WAITING
                        + " ORDER BY id")
                .bind("project", project)
                .bind("environment", environment)
                .map(JdbcDeploymentRepository::map)
                .list();
    }

    @Override
    public QueueAhead queueAhead(String project, String environment) {
        int size = handle.createQuery("SELECT count(*) FROM deployments"
                        + " WHERE project = :project AND environment = :environment AND slot = '' AND " + QUEUED)
                .bind("project", project)
                .bind("environment", environment)
                .mapTo(Integer.class)
                .one();
        return size == 0 ? QueueAhead.EMPTY
                : new QueueAhead(size, queueEnd(project, environment, "ASC"), queueEnd(project, environment, "DESC"));
    }

    @Override
    public boolean hasQueued(String project, String environment) {
        return handle.createQuery("SELECT 1 FROM deployments"
                        + " WHERE project = :project AND environment = :environment AND slot = '' AND " + QUEUED
                        + " LIMIT 1")
                .bind("project", project)
                .bind("environment", environment)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    /** The oldest ({@code ASC}) or newest ({@code DESC}) queued deployment of the environment. */
    private Optional<Deployment> queueEnd(String project, String environment, String order) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM deployments"
                        + " WHERE project = :project AND environment = :environment AND slot = '' AND " + QUEUED
                        + " ORDER BY id " + order + " LIMIT 1")
                .bind("project", project)
                .bind("environment", environment)
                .map(JdbcDeploymentRepository::map)
                .findOne();
    }

    @Override
    public boolean dispatch(long deploymentId, Instant at) {
        return conflicts.run(() -> handle.createUpdate("UPDATE deployments SET dispatched_at = :at, summary = NULL"
                        + " WHERE id = :id AND state = 'queued' AND dispatched_at IS NULL")
                .bind("id", deploymentId)
                .bind("at", millis(at))
                .execute()) == 1;
    }

    @Override
    public void recordForced(long deploymentId, String reason) {
        handle.createUpdate("UPDATE deployments SET forced_reason = :reason WHERE id = :id")
                .bind("id", deploymentId)
                .bind("reason", reason)
                .execute();
    }

    @Override
    public Optional<String> findForcedReason(long deploymentId) {
        return handle.createQuery("SELECT forced_reason FROM deployments WHERE id = :id AND forced_reason IS NOT NULL")
                .bind("id", deploymentId)
                .mapTo(String.class)
                .findOne();
    }

    @Override
    public Optional<Deployment> findSucceededBefore(String project, String environment, long beforeId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM deployments"
                        + " WHERE project = :project AND environment = :environment AND state = 'succeeded'"
                        + " AND (finished_at, id) < (SELECT finished_at, id FROM deployments WHERE id = :before)"
                        + " ORDER BY finished_at DESC, id DESC LIMIT 1")
                .bind("project", project)
                .bind("environment", environment)
                .bind("before", beforeId)
                .map(JdbcDeploymentRepository::map)
                .findOne();
    }

    @Override
    public boolean hasSucceededWith(String project, String environment, String ref) {
        return handle.createQuery("SELECT COUNT(*) FROM deployments WHERE project = :project"
                        + " AND environment = :environment AND state = 'succeeded' AND ref = :ref")
                .bind("project", project)
                .bind("environment", environment)
                .bind("ref", ref)
                .mapTo(Long.class)
                .one() > 0;
    }

    @Override
    public void saveApproval(Verdict v) {
        approvals.save(v);
    }

    @Override
    public List<Verdict> listApprovals(long deploymentId) {
        return approvals.list(deploymentId);
    }

    @Override
    public void saveApprovalMessage(long deploymentId, String recipient, String messageRef) {
        approvals.saveMessageRef(deploymentId, recipient, messageRef);
    }

    @Override
    public Optional<String> findApprovalMessage(long deploymentId, String recipient) {
        return approvals.findMessageRef(deploymentId, recipient);
    }

    @Override
    public List<Deployment> listActive() {
        return handle.createQuery("SELECT " + COLUMNS + " FROM deployments WHERE " + ACTIVE
                        + " ORDER BY created_at, id")
                .map(JdbcDeploymentRepository::map)
                .list();
    }

    @Override
    public List<Deployment> listRecentInEnvironments(String prefix, int limit) {
        // substr rather than LIKE, whose _ and % a prefix would have to escape.
        return handle.createQuery("SELECT " + COLUMNS + " FROM deployments"
                        + " WHERE substr(environment, 1, :length) = :prefix ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("length", prefix.length())
                .bind("prefix", prefix)
                .bind("limit", limit)
                .map(JdbcDeploymentRepository::map)
                .list();
    }

    @Override
    public List<Deployment> listRecent(String project, String environment, int limit) {
        return listRecent(project, environment, null, limit);
    }

    @Override
    public List<Deployment> listRecent(String project, String environment, java.util.Set<DeploymentState> states,
                                       int limit) {
        List<String> filters = new ArrayList<>();
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        // Filters are left out rather than written as ":p IS NULL OR ...", which PostgreSQL cannot type.
        if (project != null) {
            filters.add("project = :project");
            values.put("project", project);
        }
        if (environment != null) {
            filters.add("environment = :environment");
            values.put("environment", environment);
        }
        if (states != null && !states.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (DeploymentState state : java.util.EnumSet.copyOf(states)) {
                String name = "state" + names.size();
                names.add(":" + name);
                values.put(name, state.label());
            }
            filters.add("state IN (" + String.join(", ", names) + ")");
        }
        String where = filters.isEmpty() ? "" : " WHERE " + String.join(" AND ", filters);
        return handle.createQuery("SELECT " + COLUMNS + " FROM deployments" + where
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bindMap(values)
                .bind("limit", limit)
                .map(JdbcDeploymentRepository::map)
                .list();
    }

    @Override
    public Optional<Deployment> findLastSucceeded(String project, String environment) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM deployments"
                        + " WHERE project = :project AND environment = :environment AND state = 'succeeded'"
                        // What runs there now is what ended last: with a queue, not always what was asked for last.
                        + " ORDER BY finished_at DESC, id DESC LIMIT 1")
                .bind("project", project)
                .bind("environment", environment)
                .map(JdbcDeploymentRepository::map)
                .findOne();
    }

    @Override
    public Optional<Deployment> findByThread(String channel, String thread) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM deployments"
                        + " WHERE origin_channel = :channel AND (origin_thread = :thread OR message_ref = :thread)"
                        + " ORDER BY id DESC LIMIT 1")
                .bind("channel", channel)
                .bind("thread", thread)
                .map(JdbcDeploymentRepository::map)
                .findOne();
    }

    @Override
    public List<Deployment> listByExternalId(String externalId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM deployments WHERE external_id = :externalId"
                        + " ORDER BY id DESC")
                .bind("externalId", externalId)
                .map(JdbcDeploymentRepository::map)
                .list();
    }

    @Override
    public boolean moveState(Deployment d, DeploymentState expectedState) {
        int rows = conflicts.run(() -> handle.createUpdate("""
                        UPDATE deployments
                           SET state = :state, updated_at = :updatedAt, started_at = :startedAt,
                               finished_at = :finishedAt, summary = :summary, output_tail = :outputTail
                         WHERE id = :id AND state = :expected""")
                .bind("id", d.id())
                .bind("expected", expectedState.label())
                .bind("state", d.state().label())
                .bind("updatedAt", millis(d.updatedAt()))
                .bind("startedAt", millis(d.startedAt()))
                .bind("finishedAt", millis(d.finishedAt()))
                .bind("summary", d.summary())
                .bind("outputTail", d.outputTail())
                .execute());
        return rows == 1;
    }

    @Override
    public boolean recordRun(long deploymentId, String externalId, String externalUrl) {
        return handle.createUpdate("UPDATE deployments SET external_id = :externalId, external_url = :externalUrl"
                        + " WHERE id = :id")
                .bind("id", deploymentId)
                .bind("externalId", externalId)
                .bind("externalUrl", externalUrl)
                .execute() == 1;
    }

    @Override
    public boolean recordMessage(long deploymentId, String messageRef) {
        return handle.createUpdate("UPDATE deployments SET message_ref = :messageRef WHERE id = :id")
                .bind("id", deploymentId)
                .bind("messageRef", messageRef)
                .execute() == 1;
    }

    @Override
    public boolean recordStartAttempt(long deploymentId, StartAttempt attempt) {
        return handle.createUpdate("UPDATE deployments SET start_key = :key, start_key_at = :at"
                        + " WHERE id = :id AND start_key IS NULL")
                .bind("id", deploymentId)
                .bind("key", attempt.key())
                .bind("at", millis(attempt.at()))
                .execute() == 1;
    }

    @Override
    public Optional<StartAttempt> findStartAttempt(long deploymentId) {
        return handle.createQuery("SELECT start_key, start_key_at FROM deployments"
                        + " WHERE id = :id AND start_key IS NOT NULL")
                .bind("id", deploymentId)
                .map((rs, ctx) -> new StartAttempt(rs.getString("start_key"), instant(rs, "start_key_at")))
                .findOne();
    }

    @Override
    public void clearStartAttempt(long deploymentId, String key) {
        handle.createUpdate("UPDATE deployments SET start_key = NULL, start_key_at = NULL"
                        + " WHERE id = :id AND start_key = :key")
                .bind("id", deploymentId)
                .bind("key", key)
                .execute();
    }
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @Override
    public void recordArguments(long deploymentId, java.util.Map<String, String> arguments) {
        String json;
        try {
            json = JSON.writeValueAsString(arguments);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("arguments cannot be written as JSON", e);
        }
        // Some arguments are secret (a runbook's password parameter): the whole JSON is sealed, bound to its row.
        handle.createUpdate("UPDATE deployments SET run_arguments = :arguments WHERE id = :id")
                .bind("id", deploymentId)
                .bind("arguments", box.seal(json, SealedColumns.RUN_ARGUMENTS.context(deploymentId)))
                .execute();
    }

    @Override
    public java.util.Map<String, String> findArguments(long deploymentId) {
        Optional<String> json = handle.createQuery("SELECT run_arguments FROM deployments WHERE id = :id"
                        + " AND run_arguments IS NOT NULL")
                .bind("id", deploymentId)
                .mapTo(String.class)
                .findOne();
        if (json.isEmpty()) {
            return java.util.Map.of();
        }
        // Arguments written before they were sealed are plain JSON; they are forgotten once their run starts.
        String plain = SecretBox.isSealed(json.get())
                ? box.open(json.get(), SealedColumns.RUN_ARGUMENTS.context(deploymentId)) : json.get();
        try {
            return JSON.readValue(plain,
                    new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, String>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("deployment " + deploymentId + " has unreadable arguments", e);
        }
    }

    @Override
    public void forgetArguments(long deploymentId) {
        handle.createUpdate("UPDATE deployments SET run_arguments = NULL WHERE id = :id")
                .bind("id", deploymentId)
                .execute();
    }


    @Override
    public void saveOutput(long deploymentId, String output) {
        handle.createUpdate("""
                        INSERT INTO deployment_outputs (deployment_id, output) VALUES (:id, :output)
                        ON CONFLICT (deployment_id) DO UPDATE SET output = excluded.output""")
                .bind("id", deploymentId)
                .bind("output", output)
                .execute();
    }

    @Override
    public Optional<String> findOutput(long deploymentId) {
        return handle.createQuery("SELECT output FROM deployment_outputs WHERE deployment_id = :id")
                .bind("id", deploymentId)
                .mapTo(String.class)
                .findOne();
    }

    /** Binds the fields that change after an insert. */
    private static <S extends SqlStatement<S>> S bindMutable(S statement, Deployment d) {
        return statement
                .bind("state", d.state().label())
                .bind("updatedAt", millis(d.updatedAt()))
                .bind("startedAt", millis(d.startedAt()))
                .bind("finishedAt", millis(d.finishedAt()))
                .bind("externalId", d.externalId())
                .bind("externalUrl", d.externalUrl())
                .bind("summary", d.summary())
                .bind("outputTail", d.outputTail())
                .bind("messageRef", d.messageRef());
    }

    private static Deployment map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Deployment(
                rs.getLong("id"),
                rs.getString("project"),
                rs.getString("environment"),
                rs.getString("ref"),
                DeploymentState.fromLabel(rs.getString("state")),
                rs.getString("requested_by"),
                new ChatOrigin(rs.getString("origin_surface"), rs.getString("origin_channel"),
                        rs.getString("origin_thread"), rs.getString("origin_message")),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getString("external_id"),
                rs.getString("external_url"),
                rs.getString("summary"),
                rs.getString("output_tail"),
                rs.getString("message_ref"),
                rs.getString("slot").isEmpty() ? null : rs.getString("slot"));
    }
}
