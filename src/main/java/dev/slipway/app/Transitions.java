package dev.slipway.app;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.store.Transaction;
import java.time.Clock;
import java.util.Optional;

/**
 * Moves deployments through their states. Each move writes, in the caller's transaction, the new state,
 * its audit event and the job that reports it in chat — so none of the three can happen without the others.
 */
public final class Transitions {
    private final Clock clock;
    private final ReviewProgress reviews;
    private final DeploymentMeters meters;

    /**
     * Transitions whose moves also move builds' reviews along ({@code reviews} null: no reviews to follow), and are
     * counted by {@code meters} once committed.
     */
    public Transitions(Clock clock, ReviewProgress reviews, DeploymentMeters meters) {
        this.clock = clock;
        this.reviews = reviews;
        this.meters = meters;
    }

    /** Transitions whose moves also move builds' reviews along, uncounted. */
    public Transitions(Clock clock, ReviewProgress reviews) {
        this(clock, reviews, DeploymentMeters.none());
    }

    public Transitions(Clock clock) {
        this(clock, null);
    }

    /** Stores a new deployment in its initial state, audited and announced. */
    public Deployment create(Transaction tx, Deployment fresh, String detail) {
        Deployment stored = tx.deployments().insert(fresh);
        tx.audit().record(AuditEvent.of(clock.instant(), stored.requestedBy(), "deployment." + stored.state().label(),
                stored, detail));
        announce(tx, stored, stored.state());
        tx.afterCommit(() -> meters.moved(stored));
        return stored;
    }

    /**
     * Moves {@code current} to {@code next} if nobody moved it first; returns the moved deployment, or empty
     * when the stored state is no longer {@code current.state()} (nothing is written then).
     */
    public Optional<Deployment> move(Transaction tx, Deployment current, DeploymentState next, String actor,
                                     String detail) {
        Deployment moved = current.moveTo(next, clock.instant());
        if (!tx.deployments().moveState(moved, current.state())) {
            return Optional.empty();
        }
        tx.audit().record(AuditEvent.of(clock.instant(), actor, "deployment." + next.label(), moved, detail));
        announce(tx, moved, next);
        tx.afterCommit(() -> meters.moved(moved));
        if (next.isTerminal() && moved.slot() == null && hasQueue(tx, moved)) {
            // Its environment may be free now: the next in its queue starts, on whichever replica takes the job.
            tx.jobs().enqueueUnlessWaiting(JobKinds.ADVANCE_QUEUE,
                    JobKinds.queuePayload(moved.project(), moved.environment()), clock.instant());
        }
        if (reviews != null) {
            reviews.moved(tx, moved);
        }
        return Optional.of(moved);
    }

    /**
     * Whether deployments are queued in {@code d}'s environment. One queued meanwhile by a transaction this one cannot
     * see yet moves the queue on by itself (see {@link DeploymentQueue#wakeLater}).
     */
    private static boolean hasQueue(Transaction tx, Deployment d) {
        return tx.deployments().hasQueued(d.project(), d.environment());
    }

    /**
     * Records {@code action} about {@code deployment}, which keeps its state, and reports it again: for what a
     * person must know of a deployment still under way, such as an outcome nobody can see.
     */
    public void note(Transaction tx, Deployment deployment, String actor, String action, String detail) {
        tx.audit().record(AuditEvent.of(clock.instant(), actor, action, deployment, detail));
        announce(tx, deployment, deployment.state());
    }

    private void announce(Transaction tx, Deployment deployment, DeploymentState state) {
        tx.jobs().enqueue(JobKinds.notifyKind(deployment.origin().surface()), JobKinds.notifyPayload(deployment.id(), state),
                JobKinds.notifyKey(deployment.id()), clock.instant());
    }
}
