package dev.slipway.app;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Environment;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Project;
import dev.slipway.domain.QueueAhead;
import dev.slipway.domain.RefKind;
import dev.slipway.domain.RefusedException;
import dev.slipway.domain.Runbook;
import dev.slipway.domain.Verdict;
import dev.slipway.domain.rule.Action;
import dev.slipway.domain.rule.Attempt;
import dev.slipway.domain.rule.OneAtATimeRule;
import dev.slipway.domain.rule.Ruling;
import dev.slipway.domain.rule.Rules;
import dev.slipway.domain.rule.Stage;
import dev.slipway.store.ConflictException;
import dev.slipway.store.Store;
import dev.slipway.store.Transaction;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Deploys, confirms, retries, rolls back and cancels: asks the rules, records the request in the state they give it
 * (waiting for a confirmation, for approvals, in the queue), and leaves the work to durable jobs.
 */
public final class DeployService {
    /** How long a deployment waits for its requester's confirmation before it lapses. */
    public static final Duration CONFIRM_WITHIN = Duration.ofMinutes(10);
    /** How far back a rollback looks for an earlier version that differs from the current one. */
    private static final int ROLLBACK_LOOKBACK = 50;

    private final Store store;
    private final Catalog catalog;
    private final Rules rules;
    private final Transitions transitions;
    private final DeploymentQueue queue;
    private final ApprovalNotices approvals;
    private final Clock clock;

    public DeployService(Store store, Catalog catalog, Rules rules, Transitions transitions, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.rules = rules;
        this.transitions = transitions;
        this.queue = new DeploymentQueue(store, catalog, rules, clock);
        this.approvals = new ApprovalNotices(clock);
        this.clock = clock;
    }

    /** The environments' queues this service puts deployments in, for the jobs that move them on. */
    public DeploymentQueue environmentQueues() {
        return queue;
    }

    /** What a deployment is asked with, besides who and where: how the rules see it and what the audit says. */
    record Ask(String ref, RefKind refKind, String detail, String force, List<Verdict> verdicts, boolean mayWait,
               boolean knownRef, Deployment build) {
        static Ask of(String ref, RefKind refKind, String detail) {
            return new Ask(ref, refKind, detail, null, List.of(), true, false, null);
        }
    }

    /**
     * Records a deployment in the state the rules give it, with the jobs that move it on, in one transaction.
     *
     * @return what became of it, or empty when the request's idempotency key was seen before
     * @throws RefusedException with the reason when it may not run; nothing is written then
     */
    public Optional<Requested> deploy(DeployRequest request) {
        Project project = catalog.project(request.project());
        Environment environment = environmentOf(project, request.environment());
        String ref = request.ref() != null ? request.ref() : environment.defaultRef().orElseThrow(() ->
                new RefusedException(ErrorCode.NO_REF, "%s %s has no default ref; say which: `deploy %s <ref> to %s`."
                        .formatted(project.id(), environment.name(), project.id(), environment.name())));
        String from = "requested from " + request.origin().surface();
        Ask ask = new Ask(ref, environment.refKind(), request.force() == null ? from
                : from + " through the freeze: " + request.force(), request.force(), List.of(), true, false, null);
        return once(request.idempotencyKey(), project, environment,
                tx -> request(tx, project, environment, request.user(), request.origin(), ask));
    }

    private Environment environmentOf(Project project, String name) {
        Environment environment = name != null ? catalog.environment(project, name)
                : project.releaseEnvironment().orElseThrow(() -> new RefusedException(ErrorCode.BAD_ARGUMENTS,
                        "%s has several environments (%s) and no default; say which: `deploy %s <environment>`."
                                .formatted(project.id(), String.join(", ", project.environmentNames()), project.id())));
        if (Runbook.isRunbookEnvironment(environment.name())) {
            throw new RefusedException(ErrorCode.BAD_ARGUMENTS, "`%s` is where runbook %s runs; run it with `%s`."
                    .formatted(environment.name(), Runbook.nameOf(environment.name()),
                            "runbook " + Runbook.nameOf(environment.name()) + " [args…]"));
        }
        return environment;
    }

    /**
     * Runs {@code work} in one transaction, once per inbound request key.
     *
     * @return what it returned, or empty when {@code idempotencyKey} was seen before
     * @throws RefusedException when a rule refuses, or another request took the environment meanwhile
     */
    <T> Optional<T> once(String idempotencyKey, Project project, Environment environment,
                         Function<Transaction, T> work) {
        try {
            return store.inTransaction(tx -> {
                if (idempotencyKey != null && !tx.idempotencyKeys().claim(idempotencyKey, clock.instant())) {
                    return Optional.empty();
                }
                return Optional.of(work.apply(tx));
            });
        } catch (ConflictException raced) {
            throw busy(project, environment, raced);
        }
    }

    /**
     * In the caller's transaction: asks every rule and queues the deployment and the job that runs it, for a runbook
     * run or a reviewed build.
     *
     * @param verdicts the approvals that count for it (a reviewed build's); a deployment missing approvals is refused
     * @param build    the preview deployment of the build it ships, or null
     * @throws RefusedException with the reason when it may not run
     */
    Deployment queue(Transaction tx, Project project, Environment environment, String ref, RefKind refKind,
                     String user, ChatOrigin origin, String detail, List<Verdict> verdicts, Deployment build) {
        return request(tx, project, environment, user, origin,
                new Ask(ref, refKind, detail, null, verdicts, false, false, build)).deployment();
    }

    /** A deployment asked for in the caller's transaction, which takes the environment's turn first. */
    Requested request(Transaction tx, Project project, Environment environment, String user, ChatOrigin origin,
                      Ask ask) {
        // Before reading the lock: a lock being taken on another replica is then either seen here or waits for us.
        tx.locks().takeTurn(project.id(), environment.name());
        QueueAhead ahead = tx.deployments().queueAhead(project.id(), environment.name());
        Attempt asked = Attempt.of(Action.DEPLOY, project, environment, user, clock.instant());
        Attempt attempt = standing(tx, ask.build() == null ? asked : asked.on(ask.build()), project, environment, ahead)
                // A reviewed build is promoted by an owner who confirmed it in a dialog already.
                .deploying(ask.ref(), ask.refKind(), ask.build() == null ? Stage.REQUEST : Stage.CONFIRMED)
                .withVerdicts(ask.verdicts(), ask.mayWait())
                .forcedBecause(ask.force())
                .withKnownRef(ask.knownRef());
        Ruling ruling = rules.require(attempt);
        if (ruling.waits() && ruling.waitsAs() == DeploymentState.QUEUED && ask.force() == null
                && ask.refKind() != RefKind.RUNBOOK
                && ahead.last().filter(last -> last.ref().equals(ask.ref())).isPresent()) {
            // The same ref queued just before would ship exactly this: one run does for both.
            Deployment same = ahead.last().get();
            tx.audit().record(AuditEvent.of(clock.instant(), user, "deployment.merged", same,
                    "the same request by " + user + " joined it"));
            return new Requested(same, ruling.why(), true);
        }
        DeploymentState state = ruling.waits() ? ruling.waitsAs() : DeploymentState.QUEUED;
        Deployment fresh = Deployment.request(project.id(), environment.name(), ask.ref(), user, origin, state,
                clock.instant());
        if (ruling.waits()) {
            fresh = fresh.withResult(ruling.why(), null);
        }
        Deployment created = transitions.create(tx, fresh, ask.detail());
        if (ask.force() != null) {
            tx.deployments().recordForced(created.id(), ask.force());
            tx.audit().record(AuditEvent.of(clock.instant(), user, "deployment.forced", created, ask.force()));
        }
        return created.state() == DeploymentState.QUEUED ? queued(tx, created, ruling)
                : waiting(tx, project, environment, created, ruling);
    }

    /** The attempt with what stands in the environment now. */
    private Attempt standing(Transaction tx, Attempt attempt, Project project, Environment environment,
                             QueueAhead ahead) {
        Optional<Deployment> holder = tx.deployments().findActive(project.id(), environment.name());
        // How long a deployment usually takes tells a wait behind a running one; a free environment needs no read.
        Optional<Duration> usual = holder.filter(d -> d.state() == DeploymentState.RUNNING).flatMap(running ->
                tx.deployments().findLastSucceeded(project.id(), environment.name())
                        .filter(d -> d.startedAt() != null && d.finishedAt() != null)
                        .map(d -> Duration.between(d.startedAt(), d.finishedAt())));
        return attempt.standing(tx.locks().find(project.id(), environment.name()), holder, ahead,
                FreezeCalendar.active(tx, project, environment, clock.instant()), usual);
    }

    /** A queued deployment starts at once when the environment is free; else it waits its turn. */
    private Requested queued(Transaction tx, Deployment created, Ruling ruling) {
        boolean started = queue.advance(tx, created.project(), created.environment())
                .filter(d -> d.id() == created.id()).isPresent();
        if (!started) {
            queue.wakeLater(tx, created);
        }
        return new Requested(created, started ? null : ruling.why(), false);
    }

    /** A deployment waiting for its requester or its approvers: they are asked, and it lapses if they don't answer. */
    private Requested waiting(Transaction tx, Project project, Environment environment, Deployment created,
                              Ruling ruling) {
        Duration within = created.state() == DeploymentState.REQUESTED ? CONFIRM_WITHIN
                : environment.policy().approvals().expiresAfter();
        if (created.state() == DeploymentState.AWAITING_APPROVAL) {
            approvals.ask(tx, created, project, environment);
        }
        tx.jobs().enqueue(JobKinds.LAPSE_WAIT, JobKinds.lapsePayload(created.id(), created.state()), null,
                clock.instant().plus(within));
        return new Requested(created, ruling.why(), false);
    }

    /**
     * The requester confirms a deployment that waits for it: it goes on to its approvals or the queue, the rules
     * asked again as they stand now.
     */
    public Requested confirm(long deploymentId, String user) {
        Deployment seen = find(deploymentId);
        Project project = catalog.project(seen.project());
        Environment environment = catalog.environment(project, seen.environment());
        try {
            return store.inTransaction(tx -> {
                tx.locks().takeTurn(project.id(), environment.name());
                Deployment d = tx.deployments().findById(deploymentId).orElseThrow();
                rules.require(Attempt.of(Action.CONFIRM, project, environment, user, clock.instant()).on(d));
                if (d.state() != DeploymentState.REQUESTED) {
                    throw new RefusedException(ErrorCode.ALREADY_DECIDED, "#%d does not wait for a confirmation: it is %s."
                            .formatted(d.id(), d.state().label()));
                }
                String force = tx.deployments().findForcedReason(d.id()).orElse(null);
                Ruling ruling = rules.require(standing(tx, Attempt.of(Action.DEPLOY, project, environment,
                                d.requestedBy(), clock.instant()), project, environment,
                                tx.deployments().queueAhead(project.id(), environment.name()))
                        .deploying(d.ref(), environment.refKind(), Stage.CONFIRMED)
                        .forcedBecause(force)
                        .withKnownRef(tx.deployments().hasSucceededWith(project.id(), environment.name(), d.ref())));
                DeploymentState next = ruling.waits() ? ruling.waitsAs() : DeploymentState.QUEUED;
                Deployment moved = transitions.move(tx, d.withResult(ruling.why(), null), next, user,
                        "confirmed by " + user).orElseThrow(() -> changedMeanwhile(deploymentId));
                return next == DeploymentState.QUEUED ? queued(tx, moved, ruling)
                        : waiting(tx, project, environment, moved, ruling);
            });
        } catch (ConflictException raced) {
            throw busy(project, environment, raced);
        }
    }

    /** Deploys again what a failed deployment shipped, if nothing newer went to its environment since. */
    public Optional<Requested> retry(long deploymentId, String user, ChatOrigin origin, String idempotencyKey) {
        Deployment failed = find(deploymentId);
        Project project = catalog.project(failed.project());
        Environment environment = environmentOf(project, failed.environment());
        if (failed.state() != DeploymentState.FAILED) {
            throw new RefusedException(ErrorCode.ALREADY_DECIDED, "#%d %s; only a failed deployment is retried."
                    .formatted(failed.id(), failed.state().isTerminal() ? failed.state().label() : "has not ended"));
        }
        return once(idempotencyKey, project, environment, tx -> {
            newer(tx, failed).ifPresent(newer -> {
                throw new RefusedException(ErrorCode.ALREADY_DECIDED, ("#%d is not the latest deployment of %s %s any"
                        + " more (#%d, %s, is); nothing retried.").formatted(failed.id(), project.id(),
                        environment.name(), newer.id(), newer.state().label()));
            });
            return request(tx, project, environment, user, origin,
                    Ask.of(failed.ref(), environment.refKind(), "retry of #" + failed.id()));
        });
    }

    private static Optional<Deployment> newer(Transaction tx, Deployment d) {
        return tx.deployments().listRecent(d.project(), d.environment(), 1).stream()
                .filter(latest -> latest.id() > d.id()).findFirst();
    }

    /** A rollback asked for, and the lock it took for its requester (null when none). */
    public record RolledBack(Requested requested, Deployment from, EnvironmentLock lock) {
    }

    /**
     * Redeploys the last successful version before the current one, through the rules (its ref is one the
     * environment ran, which the allowed refs do not refuse), and locks the environment for the requester unless
     * the environment says not to, so that the next automatic deploy does not undo it.
     *
     * @param current the deployment a person saw as current (a button's), or null for whatever is current now
     */
    public Optional<RolledBack> rollback(String projectId, String environmentName, Long current, String user,
                                         ChatOrigin origin, String idempotencyKey) {
        Project project = catalog.project(projectId);
        Environment environment = environmentOf(project, environmentName);
        return once(idempotencyKey, project, environment, tx -> {
            Deployment now = tx.deployments().findLastSucceeded(project.id(), environment.name()).orElseThrow(() ->
                    new RefusedException(ErrorCode.NOTHING_TO_ROLL_BACK, "Nothing has been deployed to %s %s yet, so"
                            .formatted(project.id(), environment.name()) + " there is nothing to roll back."));
            if (current != null && now.id() != current) {
                throw new RefusedException(ErrorCode.ALREADY_DECIDED, ("#%d is no longer what runs in %s %s: #%d (%s)"
                        + " is; nothing rolled back.").formatted(current, project.id(), environment.name(), now.id(),
                        now.ref()));
            }
            Deployment before = earlierVersion(tx, now).orElseThrow(() -> new RefusedException(
                    ErrorCode.NOTHING_TO_ROLL_BACK, ("%s %s has no earlier successful version than %s (#%d) to roll"
                    + " back to.").formatted(project.id(), environment.name(), now.ref(), now.id())));
            Requested requested = request(tx, project, environment, user, origin,
                    new Ask(before.ref(), environment.refKind(), "rollback from %s (#%d) to %s (#%d)".formatted(
                            now.ref(), now.id(), before.ref(), before.id()), null, List.of(), true, true, null));
            tx.audit().record(AuditEvent.of(clock.instant(), user, "deployment.rollback", requested.deployment(),
                    "from " + now.ref() + " (#" + now.id() + ") to " + before.ref()));
            EnvironmentLock lock = null;
            if (environment.policy().rollbackLocks() && tx.locks().find(project.id(), environment.name()).isEmpty()) {
                lock = new EnvironmentLock(project.id(), environment.name(), user,
                        "rolled back to " + before.ref() + " (#" + requested.deployment().id() + ")", clock.instant());
                tx.locks().insert(lock);
                tx.audit().record(new AuditEvent(0, clock.instant(), user, "lock", project.id(), environment.name(),
                        requested.deployment().id(), lock.reason()));
            }
            return new RolledBack(requested, now, lock);
        });
    }

    /** The newest successful deployment before {@code current} that shipped another ref. */
    private static Optional<Deployment> earlierVersion(Transaction tx, Deployment current) {
        long before = current.id();
        for (int i = 0; i < ROLLBACK_LOOKBACK; i++) {
            Optional<Deployment> earlier = tx.deployments().findSucceededBefore(current.project(),
                    current.environment(), before);
            if (earlier.isEmpty() || !earlier.get().ref().equals(current.ref())) {
                return earlier;
            }
            before = earlier.get().id();
        }
        return Optional.empty();
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
            Deployment deployment = unfinished(tx, deploymentId, user, Action.CANCEL);
            if (deployment.state() != DeploymentState.RUNNING && deployment.externalId() == null) {
                Deployment cancelled = transitions.move(tx, deployment.withResult(null, deployment.outputTail()),
                        DeploymentState.CANCELLED, user, "cancelled before it started")
                        .orElseThrow(() -> changedMeanwhile(deploymentId));
                if (deployment.state() == DeploymentState.AWAITING_APPROVAL) {
                    // Their messages would otherwise go on offering Approve and Reject for something withdrawn.
                    approvals.withdrawn(tx, cancelled, catalog);
                }
                return cancelled;
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
            Deployment deployment = unfinished(tx, deploymentId, user, Action.RESOLVE);
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

    /** The deployment, if it exists, has not ended, and the rules let {@code user} take {@code action} on it. */
    private Deployment unfinished(Transaction tx, long deploymentId, String user, Action action) {
        Deployment deployment = tx.deployments().findById(deploymentId).orElseThrow(() -> unknown(deploymentId));
        Project project = catalog.project(deployment.project());
        rules.require(Attempt.of(action, project, project.environment(deployment.environment()).orElse(null), user,
                clock.instant()).on(deployment));
        if (deployment.state().isTerminal()) {
            throw new RefusedException(ErrorCode.ALREADY_FINISHED, "#%d already ended: %s."
                    .formatted(deploymentId, deployment.state().label()));
        }
        return deployment;
    }

    private Deployment find(long deploymentId) {
        return store.read(tx -> tx.deployments().findById(deploymentId)).orElseThrow(() -> unknown(deploymentId));
    }

    private static RefusedException unknown(long deploymentId) {
        return new RefusedException(ErrorCode.UNKNOWN_DEPLOYMENT, "There is no deployment #" + deploymentId + ".");
    }

    static RefusedException changedMeanwhile(long deploymentId) {
        return new RefusedException(ErrorCode.ALREADY_FINISHED,
                "#" + deploymentId + " changed state just now; look at `status` and try again.");
    }
}
