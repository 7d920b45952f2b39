package dev.slipway.app;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.Freeze;
import dev.slipway.domain.Project;
import dev.slipway.domain.Runbook;
import dev.slipway.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Read-only views: what runs where, what is in flight, recent history. The status view is kept until this
 * process writes anything, and for at most {@link #STATUS_FRESHNESS} (the time another replica's change may
 * take to show), so that asking for it again and again costs no database reads.
 */
public final class StatusService {
    static final Duration STATUS_FRESHNESS = Duration.ofSeconds(1);

    private final Store store;
    private final Catalog catalog;
    private final LongSupplier writes;
    private final Clock clock;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    private record Snapshot(long writes, Instant at, List<EnvironmentStatus> rows) {
    }

    /** @param writes a count that changes whenever this process writes to the store */
    public StatusService(Store store, Catalog catalog, LongSupplier writes, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.writes = writes;
        this.clock = clock;
    }

    /**
     * One environment's situation.
     *
     * @param waiting deployments waiting there, oldest first: for a confirmation, for approvals, or in the queue
     * @param freeze  the change freeze in force, if any
     */
    public record EnvironmentStatus(String project, String environment, Optional<Deployment> current,
                                    Optional<Deployment> active, Optional<EnvironmentLock> lock,
                                    List<Deployment> waiting, Optional<Freeze> freeze) {
        public EnvironmentStatus(String project, String environment, Optional<Deployment> current,
                                 Optional<Deployment> active, Optional<EnvironmentLock> lock) {
            this(project, environment, current, active, lock, List.of(), Optional.empty());
        }
    }

    /** Every environment of one project, or of every project when {@code projectId} is null. */
    public List<EnvironmentStatus> status(String projectId) {
        List<Project> projects = projectId == null ? catalog.projects().list() : List.of(catalog.project(projectId));
        String key = projectId == null ? "" : projectId;
        long writesBefore = writes.getAsLong();
        Instant now = clock.instant();
        Snapshot cached = snapshots.get(key);
        if (cached != null && cached.writes() == writesBefore && now.isBefore(cached.at().plus(STATUS_FRESHNESS))) {
            return cached.rows();
        }
        List<EnvironmentStatus> rows = read(projects);
        snapshots.put(key, new Snapshot(writesBefore, now, rows));
        return rows;
    }

    private List<EnvironmentStatus> read(List<Project> projects) {
        return store.read(tx -> {
            List<EnvironmentStatus> rows = new ArrayList<>();
            for (Project project : projects) {
                for (String environment : project.environmentNames()) {
                    rows.add(new EnvironmentStatus(project.id(), environment,
                            tx.deployments().findLastSucceeded(project.id(), environment),
                            tx.deployments().findActive(project.id(), environment),
                            tx.locks().find(project.id(), environment),
                            tx.deployments().listWaiting(project.id(), environment),
                            FreezeCalendar.active(tx, project, project.environment(environment).orElseThrow(),
                                    clock.instant())));
                }
                // A runbook shows only while it runs or is locked: there is nothing "deployed" to tell otherwise.
                for (String environment : project.environments().keySet()) {
                    if (Runbook.isRunbookEnvironment(environment)) {
                        Optional<Deployment> active = tx.deployments().findActive(project.id(), environment);
                        Optional<EnvironmentLock> lock = tx.locks().find(project.id(), environment);
                        if (active.isPresent() || lock.isPresent()) {
                            rows.add(new EnvironmentStatus(project.id(), environment, Optional.empty(), active, lock));
                        }
                    }
                }
            }
            return List.copyOf(rows);
        });
    }

    /** The time as this service sees it, for telling how long something has left. */
    public Instant now() {
        return clock.instant();
    }

    /** Recent deployments, newest first; project and environment filter when given. */
    public List<Deployment> history(String projectId, String environmentName, int limit) {
        if (projectId != null) {
            Project project = catalog.project(projectId);
            if (environmentName != null) {
                catalog.environment(project, environmentName);
            }
        }
        return store.read(tx -> tx.deployments().listRecent(projectId, environmentName, limit));
    }

    /** Some of the audit events since a moment, newest first, and how many there are in all. */
    public record AuditTrail(List<AuditEvent> events, long total, Instant since) {
        public AuditTrail {
            events = List.copyOf(events);
        }
    }

    /**
     * The audit events of the last {@code period}, newest first, at most {@code limit}; project and environment
     * filter when given, and must be known, as for {@link #history}.
     */
    public AuditTrail audit(String projectId, String environmentName, Duration period, int limit) {
        if (projectId != null) {
            Project project = catalog.project(projectId);
            if (environmentName != null) {
                catalog.environment(project, environmentName);
            }
        }
        Instant now = clock.instant();
        // Further back than the epoch is all of it: nothing was stamped earlier.
        Instant since = period.compareTo(Duration.between(Instant.EPOCH, now)) >= 0 ? Instant.EPOCH : now.minus(period);
        return store.read(tx -> new AuditTrail(tx.audit().list(projectId, environmentName, since, limit),
                tx.audit().count(projectId, environmentName, since), since));
    }

    public Optional<Deployment> find(long deploymentId) {
        return store.read(tx -> tx.deployments().findById(deploymentId));
    }
}
