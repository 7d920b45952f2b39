package dev.slipway.app;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Environment;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.Freeze;
import dev.slipway.domain.Project;
import dev.slipway.domain.QueueAhead;
import dev.slipway.domain.rule.Action;
import dev.slipway.domain.rule.Attempt;
import dev.slipway.domain.rule.Ruling;
import dev.slipway.domain.rule.Rules;
import dev.slipway.domain.rule.Stage;
import dev.slipway.store.ConflictException;
import dev.slipway.store.Store;
import dev.slipway.store.Transaction;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Each environment's queue: when nothing holds the environment, the oldest queued deployment that the rules let start
 * (a lock holds others' deployments, a freeze all but forced ones) is dispatched, and the job that runs it queued.
 * The store lets at most one deployment per environment be dispatched, on any replica.
 */
public final class DeploymentQueue {
    private final Store store;
    private final Catalog catalog;
    private final Rules rules;
    private final Clock clock;

    public DeploymentQueue(Store store, Catalog catalog, Rules rules, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.rules = rules;
        this.clock = clock;
    }

    /** As {@link #advance(Transaction, String, String)}, in a transaction of its own; for the queue's job. */
    public void advance(String projectId, String environmentName) {
        try {
            store.inTransaction(tx -> {
                tx.locks().takeTurn(projectId, environmentName);
                advance(tx, projectId, environmentName);
                return null;
            });
        } catch (ConflictException raced) {
            // Another replica dispatched a deployment there first: the queue moved on.
        }
    }

    /**
     * Has the queue of {@code queued}'s environment looked at again once this transaction commits: the deployment
     * that holds it may end in a transaction that could not see this one's, and so found no queue to move on.
     */
    public void wakeLater(Transaction tx, Deployment queued) {
        // One look waiting unclaimed is enough for any number of deployments queued meanwhile: it reads the queue
        // as it stands when it runs, after this transaction.
        tx.jobs().enqueueUnlessWaiting(JobKinds.ADVANCE_QUEUE,
                JobKinds.queuePayload(queued.project(), queued.environment()), clock.instant());
    }

    /**
     * In the caller's transaction, which has taken the environment's turn: dispatches the next deployment if the
     * environment is free, and returns it.
     */
    public Optional<Deployment> advance(Transaction tx, String projectId, String environmentName) {
        Optional<Project> project = catalog.projects().findById(projectId);
        Optional<Environment> environment = project.flatMap(p -> p.environment(environmentName));
        if (environment.isEmpty() || tx.deployments().findActive(projectId, environmentName).isPresent()) {
            return Optional.empty();
        }
        List<Deployment> queued = tx.deployments().listWaiting(projectId, environmentName).stream()
                .filter(d -> d.state() == DeploymentState.QUEUED).toList();
        if (queued.isEmpty()) {
            return Optional.empty();
        }
        Optional<Freeze> freeze = FreezeCalendar.active(tx, project.get(), environment.get(), clock.instant());
        Optional<EnvironmentLock> lock = tx.locks().find(projectId, environmentName);
        for (Deployment next : queued) {
            Attempt attempt = Attempt.of(Action.DEPLOY, project.get(), environment.get(), next.requestedBy(),
                            clock.instant())
                    .deploying(next.ref(), environment.get().refKind(), Stage.START)
                    .standing(lock, Optional.empty(), QueueAhead.EMPTY, freeze, Optional.empty())
                    .forcedBecause(tx.deployments().findForcedReason(next.id()).orElse(null));
            Ruling ruling = rules.check(attempt);
            if (ruling.passes() && tx.deployments().dispatch(next.id(), clock.instant())) {
                // Not audited: its move to running, which follows, says when it left the queue.
                tx.jobs().enqueue(JobKinds.RUN_DEPLOYMENT, Long.toString(next.id()), null, clock.instant());
                return Optional.of(next);
            }
        }
        if (freeze.isPresent()) {
            // Nothing tells the queue that a freeze ended: it looks again then.
            tx.jobs().enqueue(JobKinds.ADVANCE_QUEUE, JobKinds.queuePayload(projectId, environmentName),
                    null, freeze.get().until());
        }
        return Optional.empty();
    }
}
