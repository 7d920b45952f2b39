package dev.slipway.app.job;

import dev.slipway.app.LogContext;
import dev.slipway.app.Catalog;
import dev.slipway.app.JobKinds;
import dev.slipway.app.Transitions;
import dev.slipway.backend.Backend;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.Backends;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.FollowedBackend;
import dev.slipway.backend.HandingOnBackend;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.ReportedBackend;
import dev.slipway.backend.RunProgress;
import dev.slipway.backend.RunResult;
import dev.slipway.backend.StartedRun;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Project;
import dev.slipway.domain.Secrets;
import dev.slipway.domain.StartAttempt;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one deployment on its backend: start the run at most once, mark it running with the run's handle and link,
 * follow it to its end (or, for a {@link ReportedBackend}, leave that to the provider's hook), record the outcome.
 * Every step first reads the stored deployment, so a second run of this job after a crash continues where the first
 * stopped; a start that was committed but has no run handle is reconciled through the backend
 * ({@link Backend#findStart}), never made blindly again.
 */
public final class RunDeploymentJob implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(RunDeploymentJob.class);
    static final String ACTOR = "slipway";
    /** How long a run waits for the chat message that reports it, whose ts some backends pass on as the thread. */
    static final Duration REPORT_WAIT = Duration.ofMinutes(2);
    static final Duration REPORT_POLL = Duration.ofMillis(200);

    private final Store store;
    private final Backends backends;
    private final Transitions transitions;
    private final Catalog catalog;
    private final Secrets secrets;
    private final Clock clock;

    /** {@code secrets}: configured values masked in whatever a run or its failure leaves in the record and in chat. */
    public RunDeploymentJob(Store store, Backends backends, Transitions transitions, Catalog catalog, Secrets secrets,
                            Clock clock) {
        this.store = store;
        this.backends = backends;
        this.transitions = transitions;
        this.catalog = catalog;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return JobKinds.RUN_DEPLOYMENT;
    }

    @Override
    public void handle(Job job) throws Exception {
        long id = Long.parseLong(job.payload());
        Optional<Deployment> found = load(id);
        if (found.isEmpty() || found.get().state().isTerminal()) {
            return;
        }
        Deployment deployment = found.get();
        LogContext.deployment(deployment);
        if (deployment.state() != DeploymentState.QUEUED && deployment.state() != DeploymentState.RUNNING) {
            return; // awaiting approval: another job picks it up once approved
        }
        Backend backend = backends.find(deployment.project(), deployment.environment()).orElseThrow(() ->
                new PermanentBackendException("no backend is configured for this environment any more"));
        boolean startedHere = deployment.externalId() == null;
        if (startedHere) {
            awaitReport(deployment);
            deployment = start(backend, deployment);
            log.info("started #{}: {} {} to {}{}", deployment.id(), deployment.project(), deployment.ref(),
                    deployment.environment(), deployment.externalUrl() != null ? " " + deployment.externalUrl() : "");
        }
        // Also when the provider reported the run running (or over) before its start returned: what follows from
        // running, the watchdog and the hand-on step, is still this job's to queue.
        if (deployment.state() == DeploymentState.QUEUED || startedHere) {
            Optional<Deployment> running = markRunning(deployment, backend);
            if (running.isEmpty()) {
                cancelStartedRun(backend, id);
                return;
            }
            deployment = running.get();
        }
        // A ReportedBackend's provider reports the end to its inbound hook; the watchdog is set in markRunning.
        if (backend instanceof FollowedBackend followed) {
            finish(id, followed.follow(taskOf(deployment, catalog), runOf(deployment), progressOf(id)));
        }
    }

    /**
     * A surface's first report of a deployment posts the message whose ts is the deployment's thread; backends
     * may pass that thread on ({@code {{thread}}}), so the run waits for it — but not for ever.
     */
    private void awaitReport(Deployment deployment) throws RetryLater {
        boolean reported = deployment.origin().thread() != null || deployment.messageRef() != null;
        boolean waitedEnough = clock.instant().isAfter(deployment.createdAt().plus(REPORT_WAIT));
        if (!reported && !waitedEnough) {
            throw RetryLater.waiting("#" + deployment.id() + " waits for the chat message that reports it", REPORT_POLL);
        }
    }

    /**
     * Starts the run at most once: the intent is committed before the backend is asked, and a start already committed
     * (a crash or a timeout cut it short) is reconciled through the backend instead of being made again.
     */
    private Deployment start(Backend backend, Deployment deployment) throws BackendException, RetryLater {
        DeploymentTask task = taskOf(deployment, catalog)
                .withArguments(store.read(tx -> tx.deployments().findArguments(deployment.id())));
        Optional<StartAttempt> committed = store.read(tx -> tx.deployments().findStartAttempt(deployment.id()));
        StartedRun run;
        if (committed.isPresent()) {
            DeploymentTask inDoubt = task.withStartAttempt(committed.get());
            run = StartAtMostOnce.reconcile(backend, inDoubt, "#" + deployment.id(), forgetting(inDoubt));
        } else {
            StartAttempt attempt = StartAttempt.newAt(clock.instant());
            if (!store.inTransaction(tx -> tx.deployments().recordStartAttempt(deployment.id(), attempt))) {
                throw RetryLater.waiting("#" + deployment.id() + " was just committed to start elsewhere", REPORT_POLL);
            }
            DeploymentTask committedTask = task.withStartAttempt(attempt);
            run = StartAtMostOnce.start(backend, committedTask, forgetting(committedTask));
        }
        return store.inTransaction(tx -> {
            tx.deployments().recordRun(deployment.id(), run.handle(), run.url());
            // A runbook's arguments may hold secrets; once its run exists nothing needs them again.
            tx.deployments().forgetArguments(deployment.id());
            return tx.deployments().findById(deployment.id()).orElseThrow();
        });
    }

    /** The commitment to {@code task}'s start attempt, taken back when the backend certainly started nothing. */
    private Runnable forgetting(DeploymentTask task) {
        return () -> store.inTransaction(tx -> {
            tx.deployments().clearStartAttempt(task.deploymentId(), task.startAttempt().key());
            return null;
        });
    }

    /** Running, and for a run that reports through a hook, its watchdog, in one transaction. */
    private Optional<Deployment> markRunning(Deployment queued, Backend backend) {
        return store.inTransaction(tx -> {
            Deployment current = tx.deployments().findById(queued.id()).orElseThrow();
            Optional<Deployment> running;
            if (current.state() == DeploymentState.QUEUED) {
                running = transitions.move(tx, current, DeploymentState.RUNNING, ACTOR,
                        current.externalUrl() != null ? current.externalUrl() : "");
            } else if (current.state() == DeploymentState.RUNNING) {
                // The provider's first report (GitHub's queued status) moved it already; what follows from running,
                // the watchdog and the hand-on step, is still this job's to queue. Both bear a second enqueueing.
                running = Optional.of(current);
            } else {
                return Optional.<Deployment>empty();
            }
            if (running.isPresent() && backend instanceof ReportedBackend reported) {
                Duration deadline = reported.reportDeadline();
                tx.jobs().enqueue(JobKinds.EXPIRE_DEPLOYMENT,
                        ExpireDeploymentJob.payload(current.id(), current.externalId(), deadline), null,
                        clock.instant().plus(deadline));
            }
            // Handed on from here rather than only when the provider announces the run: its announcement may never
            // come (GitHub does not resend a delivery that failed), and the hand-on step does its work only once.
            if (running.isPresent() && backend instanceof HandingOnBackend handing && handing.next().isPresent()) {
                tx.jobs().enqueue(JobKinds.HAND_ON_RUN, JobKinds.handOnPayload(new JobKinds.HandOn(current.id(),
                        current.externalId(), null)), JobKinds.handOnKey(current.id()), clock.instant());
            }
            return running;
        });
    }

    /**
     * Each step of a followed run, told by its backend, becomes the running deployment's summary and is reported
     * again; the same step told twice (after a restart) changes nothing.
     */
    private RunProgress progressOf(long id) {
        return new RunProgress() {
            @Override
            public void update(String status) {
                store.inTransaction(tx -> {
                    String line = secrets.shown(status);
                    Deployment current = tx.deployments().findById(id).orElseThrow();
                    if (current.state() != DeploymentState.RUNNING || line.equals(current.summary())) {
                        return null;
                    }
                    Deployment told = current.withResult(line, current.outputTail());
                    if (tx.deployments().moveState(told, DeploymentState.RUNNING)) {
                        transitions.note(tx, told, ACTOR, "deployment.progress", line);
                    }
                    return null;
                });
            }

            /** The tail so far, masked, kept on the running deployment for its page; no report, no audit event. */
            @Override
            public void output(List<String> tail) {
                String shown = String.join("\n", secrets.mask(tail));
                store.inTransaction(tx -> {
                    Deployment current = tx.deployments().findById(id).orElseThrow();
                    if (current.state() == DeploymentState.RUNNING && !shown.equals(current.outputTail())) {
                        tx.deployments().moveState(current.withResult(current.summary(), shown), DeploymentState.RUNNING);
                    }
                    return null;
                });
            }
        };
    }

    /** The deployment was cancelled while its run was being started: stop the run too. */
    private void cancelStartedRun(Backend backend, long id) throws BackendException {
        Deployment cancelled = load(id).orElseThrow();
        // A run its provider already reported over (a webhook receiver that answered at once) has nothing to stop.
        if (cancelled.state() == DeploymentState.CANCELLED && cancelled.externalId() != null) {
            backend.cancel(taskOf(cancelled, catalog), runOf(cancelled));
        }
    }

    private void finish(long id, RunResult run) {
        RunResult result = new RunResult(run.outcome(), secrets.shown(run.summary()), secrets.mask(run.tail()),
                secrets.mask(run.fullOutput()));
        DeploymentState end = switch (result.outcome()) {
            case SUCCEEDED -> DeploymentState.SUCCEEDED;
            case FAILED -> DeploymentState.FAILED;
            case CANCELLED -> DeploymentState.CANCELLED;
            case UNKNOWN -> DeploymentState.RUNNING;
        };
        if (end == DeploymentState.RUNNING) {
            holdForAPerson(id, result);
            return;
        }
        store.inTransaction(tx -> {
            Deployment current = tx.deployments().findById(id).orElseThrow();
            if (current.state().isTerminal()) {
                return null; // a previous attempt recorded it already
            }
            Deployment withResult = current.withResult(result.summary(), String.join("\n", result.tail()));
            tx.deployments().saveOutput(id, result.fullOutput());
            transitions.move(tx, withResult, end, ACTOR, result.summary());
            return null;
        });
        log.info("#{} {}: {}", id, end.label(), result.summary());
    }

    /**
     * Nobody here can see how the run ended, or whether it has: the deployment stays running, holding its
     * environment so that nothing overlaps the run, until a person resolves or cancels it.
     */
    private void holdForAPerson(long id, RunResult result) {
        String summary = Deployment.OUTCOME_UNKNOWN + result.summary() + "; check it, then `resolve " + id
                + " succeeded|failed`, or `cancel " + id + "`";
        store.inTransaction(tx -> {
            Deployment current = tx.deployments().findById(id).orElseThrow();
            if (current.state() != DeploymentState.RUNNING || current.outcomeUnknown()) {
                return null; // ended meanwhile, or a previous attempt held it already
            }
            Deployment held = current.withResult(summary, String.join("\n", result.tail()));
            if (tx.deployments().moveState(held, DeploymentState.RUNNING)) {
                tx.deployments().saveOutput(id, result.fullOutput());
                transitions.note(tx, held, ACTOR, "deployment.outcome_unknown", summary);
            }
            return null;
        });
    }

    /** After the last attempt the deployment fails with the last error, so nobody waits for it forever. */
    @Override
    public void giveUp(Job job, String error) {
        String lastError = secrets.shown(error);
        long id = Long.parseLong(job.payload());
        store.inTransaction(tx -> {
            Optional<Deployment> current = tx.deployments().findById(id);
            if (current.isPresent() && current.get().state().canMoveTo(DeploymentState.FAILED)) {
                transitions.move(tx, current.get().withResult(lastError, current.get().outputTail()),
                        DeploymentState.FAILED, ACTOR, lastError);
            }
            return null;
        });
    }

    private Optional<Deployment> load(long id) {
        return store.read(tx -> tx.deployments().findById(id));
    }

    private StartedRun runOf(Deployment d) {
        return new StartedRun(d.externalId(), d.externalUrl(), d.startedAt() != null ? d.startedAt() : clock.instant());
    }

    /**
     * The backend's view of a deployment; its thread is the asking message's, or else the message reporting it.
     * A build's preview carries its slot, and every task the project's URL, from which hosts derive.
     */
    static DeploymentTask taskOf(Deployment d, Catalog catalog) {
        String thread = d.origin().thread() != null ? d.origin().thread() : d.messageRef();
        String url = catalog.projects().findById(d.project()).map(Project::url).orElse(null);
        return new DeploymentTask(d.id(), d.project(), d.environment(), d.ref(), d.requestedBy(),
                d.origin().channel(), thread, url, d.previewSlot().orElse(null));
    }
}
