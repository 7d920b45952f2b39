package dev.slipway.app;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.Environment;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Project;
import dev.slipway.domain.RefusedException;
import dev.slipway.domain.rule.Action;
import dev.slipway.domain.rule.Attempt;
import dev.slipway.domain.rule.Rules;
import dev.slipway.store.ConflictException;
import dev.slipway.store.Store;
import java.time.Clock;
import java.util.Optional;

/**
 * Locks and unlocks environments. The holder or a project owner may unlock; an owner's override is audited as such.
 *
 * <p>A lock refuses others' new deployments, and holds others' deployments already in the queue until it is lifted;
 * one already started goes on. A lock and a deployment of the same environment take
 * turns in the store, so whichever is first is seen by the other and comes first in the audit, on any replica.
 */
public final class LockService {
    private final Store store;
    private final Catalog catalog;
    private final Clock clock;
    private final Rules rules = Rules.standard();

    public LockService(Store store, Catalog catalog, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** A lock just taken, and the deployment that was already in flight then, which goes on (null when none). */
    public record Locked(EnvironmentLock lock, Deployment inFlight) {
        public Optional<Deployment> deploymentInFlight() {
            return Optional.ofNullable(inFlight);
        }
    }

    public Locked lock(String projectId, String environmentName, String user, String reason) {
        Project project = catalog.project(projectId);
        Environment environment = catalog.environment(project, environmentName);
        EnvironmentLock lock = new EnvironmentLock(project.id(), environment.name(), user, reason, clock.instant());
        try {
            return store.inTransaction(tx -> {
                tx.locks().takeTurn(project.id(), environment.name());
                tx.locks().find(project.id(), environment.name()).ifPresent(existing -> {
                    throw alreadyLocked(existing);
                });
                Deployment inFlight = tx.deployments().findActive(project.id(), environment.name()).orElse(null);
                tx.locks().insert(lock);
                tx.audit().record(new AuditEvent(0, clock.instant(), user, "lock", project.id(), environment.name(),
                        null, lock.reason()));
                return new Locked(lock, inFlight);
            });
        } catch (ConflictException raced) {
            EnvironmentLock existing = store.read(tx -> tx.locks().find(project.id(), environment.name()))
                    .orElseThrow(() -> raced);
            throw alreadyLocked(existing);
        }
    }

    public EnvironmentLock unlock(String projectId, String environmentName, String user) {
        Project project = catalog.project(projectId);
        Environment environment = catalog.environment(project, environmentName);
        return store.inTransaction(tx -> {
            tx.locks().takeTurn(project.id(), environment.name());
            EnvironmentLock lock = tx.locks().find(project.id(), environment.name()).orElseThrow(() ->
                    new RefusedException(ErrorCode.NOT_LOCKED, "%s %s is not locked.".formatted(project.id(), environment.name())));
            rules.require(Attempt.of(Action.UNLOCK, project, environment, user, clock.instant())
                    .withLock(Optional.of(lock)));
            boolean holder = lock.holder().equals(user);
            tx.locks().delete(project.id(), environment.name());
            // Deployments the lock held in the queue may start now.
            tx.jobs().enqueue(JobKinds.ADVANCE_QUEUE, JobKinds.queuePayload(project.id(), environment.name()),
                    null, clock.instant());
            String detail = holder ? "" : "owner override of the lock held by " + lock.holder();
            tx.audit().record(new AuditEvent(0, clock.instant(), user, holder ? "unlock" : "unlock.override",
                    project.id(), environment.name(), null, detail));
            return lock;
        });
    }

    private static RefusedException alreadyLocked(EnvironmentLock existing) {
        return new RefusedException(ErrorCode.ALREADY_LOCKED, "%s %s is already locked by %s since %s%s.".formatted(
                existing.project(), existing.environment(), existing.holder(), existing.since(),
                existing.reason().isBlank() ? "" : " (" + existing.reason() + ")"));
    }
}
