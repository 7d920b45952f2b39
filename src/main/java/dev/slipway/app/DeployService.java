package dev.slipway.app;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Environment;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Project;
import dev.slipway.domain.RefKind;
import dev.slipway.domain.RefusedException;
import dev.slipway.domain.Runbook;
import dev.slipway.domain.rule.DeployAttempt;
import dev.slipway.domain.rule.DeployRules;
import dev.slipway.domain.rule.OneAtATimeRule;
import dev.slipway.store.ConflictException;
import dev.slipway.store.Store;
import dev.slipway.store.Transaction;
import java.time.Clock;
import java.util.Optional;

/** Deploys and cancels: checks the rules, records the request, and leaves the work to durable jobs. */
public final class DeployService {
    private final Store store;
    private final Catalog catalog;
    private final DeployRules rules;
    private final Transitions transitions;
    private final Clock clock;

    public DeployService(Store store, Catalog catalog, DeployRules rules, Transitions transitions, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.rules = rules;
        this.transitions = transitions;
        this.clock = clock;
    }

    /**
     * Queues a deployment if every rule allows it, and the job that runs it, in one transaction.
     *
     * @return the queued deployment, or empty when the request's idempotency key was seen before
     * @throws RefusedException with the reason when it may not run; nothing is written then
     */
    public Optional<Deployment> deploy(DeployRequest request) {
        Project project = catalog.project(request.project());
        Environment environment = request.environment() != null
                ? catalog.environment(project, request.environment())
                : project.releaseEnvironment().orElseThrow(() -> new RefusedException(ErrorCode.BAD_ARGUMENTS,
                        "%s has several environments (%s) and no default; say which: `deploy %s <environment>`."
                                .formatted(project.id(), String.join(", ", project.environmentNames()), project.id())));
        if (Runbook.isRunbookEnvironment(environment.name())) {
            throw new RefusedException(ErrorCode.BAD_ARGUMENTS, "`%s` is where runbook %s runs; run it with `%s`."
                    .formatted(environment.name(), Runbook.nameOf(environment.name()),
                            "runbook " + Runbook.nameOf(environment.name()) + " [args…]"));
        }
        String ref = request.ref() != null ? request.ref() : environment.defaultRef().orElseThrow(() ->
                new RefusedException(ErrorCode.NO_REF, "%s %s has no default ref; say which: `deploy %s <ref> to %s`."
                        .formatted(project.id(), environment.name(), project.id(), environment.name())));
        return once(request.idempotencyKey(), project, environment, tx -> queue(tx, project, environment, ref,
                environment.refKind(), request.user(), request.origin(), "requested"));
    }

    /**
     * Runs {@code queueing} (which calls {@link #queue}) in one transaction, once per inbound request key.
     *
     * @return what it queued, or empty when {@code idempotencyKey} was seen before
     * @throws RefusedException when a rule refuses, or another request took the environment meanwhile
     */
    Optional<Deployment> once(String idempotencyKey, Project project, Environment environment,
                              java.util.function.Function<Transaction, Deployment> queueing) {
        try {
            return store.inTransaction(tx -> {
                if (idempotencyKey != null && !tx.idempotencyKeys().claim(idempotencyKey, clock.instant())) {
                    return Optional.empty();
                }
                return Optional.of(queueing.apply(tx));
            });
        } catch (ConflictException raced) {
            throw busy(project, environment, raced);
        }
    }

    /**
     * In the caller's transaction: checks every rule and queues the deployment and the job that runs it.
     *
     * @param refKind the grammar {@code ref} must follow: the environment's, or an image for a reviewed build
     * @throws RefusedException with the reason when it may not run
     * @throws ConflictException when another request took the environment meanwhile; see {@link #busy}
     */
    Deployment queue(Transaction tx, Project project, Environment environment, String ref, RefKind refKind,
                     String user, ChatOrigin origin, String detail) {
        // Before reading the lock: a lock being taken on another replica is then either seen here or waits for us.
        tx.locks().takeTurn(project.id(), environment.name());
        DeployAttempt attempt = new DeployAttempt(project, environment, ref, refKind, user,
                tx.locks().find(project.id(), environment.name()),
                tx.deployments().findActive(project.id(), environment.name()));
        rules.check(attempt).ifPresent(refusal -> {
            throw new RefusedException(refusal);
        });
        Deployment queued = transitions.create(tx, Deployment.request(project.id(), environment.name(), ref,
                user, origin, DeploymentState.QUEUED, clock.instant()), detail);
        tx.jobs().enqueue(JobKinds.RUN_DEPLOYMENT, Long.toString(queued.id()), null, clock.instant());
        return queued;
    }

    /** Another request took the environment between our check and our insert, and the schema caught it: who holds it. */
    RefusedException busy(Project project, Environment environment, ConflictException raced) {
        Deployment holder = store.read(tx -> tx.deployments().findActive(project.id(), environment.name()))
                .orElseThrow(() -> raced);
        return new RefusedException(OneAtATimeRule.busy(holder));
    }

    /**
     * Cancels a deployment: at once if it has not started, otherwise by asking its backend to stop. A run whose
     * outcome is unknown ({@link Deployment#outcomeUnknown()}) ends cancelled at once: nothing here can see it to
     * stop it. The requester and the project's owners may cancel.
     */
    public Deployment cancel(long deploymentId, String user) {
        return store.inTransaction(tx -> {
            Deployment deployment = unfinished(tx, deploymentId, user, "cancel");
            if (deployment.state() != DeploymentState.RUNNING && deployment.externalId() == null) {
                return transitions.move(tx, deployment, DeploymentState.CANCELLED, user, "cancelled before it started")
                        .orElseThrow(() -> changedMeanwhile(deploymentId));
            }
            if (deployment.outcomeUnknown()) {
                String summary = "cancelled by " + user + " without stopping the run, which this server cannot see";
                return transitions.move(tx, deployment.withResult(summary, deployment.outputTail()),
                        DeploymentState.CANCELLED, user, summary).orElseThrow(() -> changedMeanwhile(deploymentId));
            }
            tx.audit().record(AuditEvent.of(clock.instant(), user, "deployment.cancel_requested", deployment, ""));
            tx.jobs().enqueue(JobKinds.CANCEL_DEPLOYMENT, Long.toString(deploymentId), null, clock.instant());
            return deployment;
        });
    }

    /**
     * Ends a running deployment as {@code outcome} (succeeded or failed) on a person's word, for a run whose end
     * Slipway cannot see; whoever may cancel it may resolve it. Its environment is free again.
     */
    public Deployment resolve(long deploymentId, DeploymentState outcome, String user) {
        if (outcome != DeploymentState.SUCCEEDED && outcome != DeploymentState.FAILED) {
            throw new IllegalArgumentException("a deployment resolves as succeeded or failed, not " + outcome.label());
        }
        return store.inTransaction(tx -> {
            Deployment deployment = unfinished(tx, deploymentId, user, "resolve");
            if (deployment.state() != DeploymentState.RUNNING) {
                throw new RefusedException(ErrorCode.NOT_RUNNING, ("#%d is %s, not running: only a running deployment"
                        + " is resolved; `cancel %d` stops it.").formatted(deploymentId, deployment.state().label(),
                        deploymentId));
            }
            String summary = "resolved as " + outcome.label() + " by " + user;
            return transitions.move(tx, deployment.withResult(summary, deployment.outputTail()), outcome, user, summary)
                    .orElseThrow(() -> changedMeanwhile(deploymentId));
        });
    }

    /** The deployment, if it exists, has not ended, and {@code user} (its requester or an owner) may {@code verb} it. */
    private Deployment unfinished(Transaction tx, long deploymentId, String user, String verb) {
        Deployment deployment = tx.deployments().findById(deploymentId).orElseThrow(() ->
                new RefusedException(ErrorCode.UNKNOWN_DEPLOYMENT, "There is no deployment #" + deploymentId + "."));
        Project project = catalog.project(deployment.project());
        if (!deployment.requestedBy().equals(user) && !project.isOwner(user)) {
            throw new RefusedException(ErrorCode.NOT_PERMITTED, "Only %s (who asked for it) or an owner of %s (%s) may %s #%d."
                    .formatted(deployment.requestedBy(), project.id(), String.join(", ", project.owners()), verb,
                            deploymentId));
        }
        if (deployment.state().isTerminal()) {
            throw new RefusedException(ErrorCode.ALREADY_FINISHED, "#%d already ended: %s."
                    .formatted(deploymentId, deployment.state().label()));
        }
        return deployment;
    }

    private static RefusedException changedMeanwhile(long deploymentId) {
        return new RefusedException(ErrorCode.ALREADY_FINISHED,
                "#" + deploymentId + " changed state just now; look at `status` and try again.");
    }
}
