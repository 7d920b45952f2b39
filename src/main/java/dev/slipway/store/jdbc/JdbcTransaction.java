package dev.slipway.store.jdbc;

import dev.slipway.secret.SecretBox;
import dev.slipway.store.AccessRepository;
import dev.slipway.store.AuditLog;
import dev.slipway.store.ChannelBindingRepository;
import dev.slipway.store.DeploymentRepository;
import dev.slipway.store.FreezeRepository;
import dev.slipway.store.IdempotencyKeys;
import dev.slipway.store.InstallationRepository;
import dev.slipway.store.JobQueue;
import dev.slipway.store.LockRepository;
import dev.slipway.store.HandedOnRunRepository;
import dev.slipway.store.PeopleRepository;
import dev.slipway.store.ResponseUrlRepository;
import dev.slipway.store.ReviewRepository;
import dev.slipway.store.Transaction;
import java.time.Clock;
import org.jdbi.v3.core.Handle;

/** The repositories of one open Jdbi handle. */
final class JdbcTransaction implements Transaction {

    private final JdbcConflicts conflicts;
    private final DeploymentRepository deployments;
    private final LockRepository locks;
    private final FreezeRepository freezes;
    private final AuditLog audit;
    private final JobQueue jobs;
    private final IdempotencyKeys idempotencyKeys;
    private final ReviewRepository reviews;
    private final HandedOnRunRepository handedOnRuns;
    private final ChannelBindingRepository bindings;
    private final PeopleRepository people;
    private final InstallationRepository installations;
    private final ResponseUrlRepository responseUrls;
    private final AccessRepository access;
    private final java.util.List<Runnable> afterCommit = new java.util.ArrayList<>(0);

    JdbcTransaction(Handle handle, SqlDialect dialect, Clock clock, SecretBox box) {
        this.conflicts = new JdbcConflicts(dialect);
        this.deployments = new JdbcDeploymentRepository(handle, conflicts, box);
        this.locks = new JdbcLockRepository(handle, dialect, conflicts);
        this.freezes = new JdbcFreezeRepository(handle);
        this.audit = new JdbcAuditLog(handle);
        this.jobs = new JdbcJobQueue(handle, dialect, clock);
        this.idempotencyKeys = new JdbcIdempotencyKeys(handle);
        this.reviews = new JdbcReviewRepository(handle, conflicts);
        this.handedOnRuns = new JdbcHandedOnRunRepository(handle, conflicts);
        this.bindings = new JdbcChannelBindingRepository(handle);
        this.people = new JdbcPeopleRepository(handle, conflicts);
        this.installations = new JdbcInstallationRepository(handle, box);
        this.responseUrls = new JdbcResponseUrlRepository(handle, box);
        this.access = new JdbcAccessRepository(handle, conflicts);
    }

    @Override
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** What {@link #afterCommit} was given, run now that the transaction has committed. */
    void committed() {
        for (Runnable action : afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(JdbcTransaction.class).warn("an action after a commit failed", e);
            }
        }
    }

    JdbcConflicts conflicts() {
        return conflicts;
    }

    @Override
    public DeploymentRepository deployments() {
        return deployments;
    }

    @Override
    public LockRepository locks() {
        return locks;
    }

    @Override
    public FreezeRepository freezes() {
        return freezes;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }

    @Override
    public JobQueue jobs() {
        return jobs;
    }

    @Override
    public IdempotencyKeys idempotencyKeys() {
        return idempotencyKeys;
    }

    @Override
    public ReviewRepository reviews() {
        return reviews;
    }

    @Override
    public HandedOnRunRepository handedOnRuns() {
        return handedOnRuns;
    }

    @Override
    public ChannelBindingRepository bindings() {
        return bindings;
    }

    @Override
    public PeopleRepository people() {
        return people;
    }

    @Override
    public InstallationRepository installations() {
        return installations;
    }

    @Override
    public ResponseUrlRepository responseUrls() {
        return responseUrls;
    }

    @Override
    public AccessRepository access() {
        return access;
    }
}
