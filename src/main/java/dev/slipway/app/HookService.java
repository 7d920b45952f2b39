package dev.slipway.app;

import dev.slipway.backend.HandingOnBackend;
import dev.slipway.backend.ReportedBackend;
import dev.slipway.backend.RunReports;
import dev.slipway.backend.Backends;
import dev.slipway.domain.ChannelBinding;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.Environment;
import dev.slipway.domain.GitRef;
import dev.slipway.domain.Project;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Excerpt;
import dev.slipway.domain.PublicText;
import dev.slipway.domain.RefusedException;
import dev.slipway.store.Store;
import dev.slipway.store.Transaction;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What inbound hooks report about runs that a backend started: a pipeline's end (or progress) moves its
 * deployment. A report for a deployment that already ended changes nothing, so repeated deliveries are harmless;
 * deliveries that carry a key are recorded once per key, in the same transaction as the change they cause.
 */
public final class HookService implements RunReports {
    /** The longest description of a run a provider reports that is kept and shown. */
    static final int DESCRIPTION_LENGTH = 200;
    private final Store store;
    private final Catalog catalog;
    private final Backends backends;
    private final Transitions transitions;
    private final Clock clock;
    private final String surface;

    public HookService(Store store, Catalog catalog, Backends backends, Transitions transitions, Clock clock) {
        this(store, catalog, backends, transitions, clock, "console");
    }

    /** {@code surface}: where runs that other tools started are reported (the chat surface this Slipway serves). */
    public HookService(Store store, Catalog catalog, Backends backends, Transitions transitions, Clock clock,
                       String surface) {
        this.store = store;
        this.catalog = catalog;
        this.backends = backends;
        this.transitions = transitions;
        this.clock = clock;
        this.surface = surface;
    }

    /** How the system that ran a deployment says it went. */
    public enum Outcome {
        RUNNING, SUCCEEDED, FAILED, CANCELLED;

        DeploymentState state() {
            return DeploymentState.valueOf(name());
        }
    }

    /** The result of a report: the deployment as it is now, and whether this report changed it. */
    public record Report(Deployment deployment, boolean changed) {
    }

    /**
     * A run's end reported for the deployment reported in {@code thread} of {@code channel}
     * (the notify hook of existing pipelines).
     *
     * @throws RefusedException UNKNOWN_DEPLOYMENT when no deployment is reported there
     */
    public Report reportByThread(String channel, String thread, Outcome outcome, String source, String deliveryKey) {
        return store.inTransaction(tx -> {
            Deployment deployment = tx.deployments().findByThread(channel, thread).orElseThrow(() ->
                    new RefusedException(ErrorCode.UNKNOWN_DEPLOYMENT,
                            "no deployment is reported in thread " + Excerpt.of(thread) + " of channel "
                                    + Excerpt.of(channel)));
            return report(tx, deployment, outcome, source, deliveryKey);
        });
    }

    /**
     * A run's progress or end reported by the backend's own run id (a GitLab pipeline id).
     *
     * @throws RefusedException UNKNOWN_DEPLOYMENT when no deployment of a backend of {@code backendType} has that run
     */
    public Report reportByRun(String backendType, String externalId, Outcome outcome, String source, String deliveryKey) {
        return store.inTransaction(tx -> {
            Optional<Deployment> own = tx.deployments().listByExternalId(externalId).stream()
                    .filter(d -> backendType.equals(backendTypeOf(d))).findFirst();
            if (own.isPresent()) {
                return report(tx, own.get(), outcome, source, deliveryKey);
            }
            Deployment handedOn = tx.handedOnRuns().findDeployment(backendType, externalId)
                    .flatMap(id -> tx.deployments().findById(id))
                    .orElseThrow(() -> new RefusedException(ErrorCode.UNKNOWN_DEPLOYMENT,
                            "no deployment ran " + backendType + " run " + externalId));
            Report report = report(tx, handedOn, outcome, source, deliveryKey);
            if (report.changed() && report.deployment().state().isTerminal()) {
                // The first provider (GitHub) is told how the run it handed on ended, in a job of its own.
                tx.jobs().enqueue(JobKinds.HAND_ON_RUN, JobKinds.handOnPayload(new JobKinds.HandOn(handedOn.id(),
                        null, RunReports.Outcome.valueOf(outcome.name()))), JobKinds.handOnKey(handedOn.id()),
                        clock.instant());
            }
            return report;
        });
    }

    /**
     * The provider announces a run Slipway started for deployment {@code deploymentId}: a backend that hands its runs
     * on does so now (in a job, once however often it is announced). The run is recognised by the start key
     * Slipway gave it, and by its id once Slipway recorded it.
     *
     * @throws RefusedException UNKNOWN_DEPLOYMENT when the deployment, its backend type or its start key differ
     */
    @Override
    public Answer announce(String backendType, String runId, long deploymentId, String startKey, String deliveryKey) {
        return store.inTransaction(tx -> {
            Deployment deployment = tx.deployments().findById(deploymentId)
                    .filter(d -> backendType.equals(backendTypeOf(d)))
                    .filter(d -> d.externalId() == null || d.externalId().equals(runId))
                    .filter(d -> startKey != null && tx.deployments().findStartAttempt(d.id())
                            .map(attempt -> attempt.key().equals(startKey)).orElse(false))
                    .orElseThrow(() -> new RefusedException(ErrorCode.UNKNOWN_DEPLOYMENT,
                            "no deployment started " + backendType + " run " + runId));
            boolean handsOn = backends.find(deployment.project(), deployment.environment())
                    .filter(HandingOnBackend.class::isInstance).map(HandingOnBackend.class::cast)
                    .map(backend -> backend.next().isPresent()).orElse(false);
            boolean fresh = deliveryKey == null || tx.idempotencyKeys().claim(deliveryKey, clock.instant());
            boolean handOn = handsOn && fresh && !deployment.state().isTerminal();
            if (handOn) {
                tx.jobs().enqueue(JobKinds.HAND_ON_RUN, JobKinds.handOnPayload(new JobKinds.HandOn(deployment.id(),
                        runId, null)), JobKinds.handOnKey(deployment.id()), clock.instant());
            }
            return new Answer(deployment.id(), deployment.state().label(), handOn);
        });
    }

    /**
     * A report through the address Slipway gave the run (see {@link RunReports}): the deployment is found by its id,
     * and its description and link, when the provider gives them, are shown with it.
     */
    @Override
    public Answer reportDeployment(String backendType, String project, String environment, long deploymentId,
                                   RunReports.Outcome outcome, String description, String url, String source) {
        Report report = store.inTransaction(tx -> {
            Deployment deployment = tx.deployments().findById(deploymentId)
                    .filter(d -> d.project().equals(project) && d.environment().equals(environment))
                    .filter(d -> backendType.equals(backendTypeOf(d)))
                    .orElseThrow(() -> new RefusedException(ErrorCode.UNKNOWN_DEPLOYMENT,
                            "no " + backendType + " deployment #" + deploymentId + " of " + Excerpt.of(project) + " "
                                    + Excerpt.of(environment)));
            if (deployment.state().isTerminal()) {
                return new Report(deployment, false);
            }
            Deployment described = deployment;
            if (url != null && deployment.externalUrl() == null && deployment.externalId() != null) {
                tx.deployments().recordRun(deployment.id(), deployment.externalId(), url);
                described = described.withRun(deployment.externalId(), url);
            }
            String summary = description == null || description.isBlank() ? null
                    : Excerpt.of(PublicText.of(description), DESCRIPTION_LENGTH);
            // The end keeps its description; on the way, the same description sent twice changes nothing.
            boolean kept = summary != null
                    && (outcome != RunReports.Outcome.RUNNING || !summary.equals(deployment.summary()));
            if (kept) {
                described = described.withResult(summary, described.outputTail());
            }
            return report(tx, described, Outcome.valueOf(outcome.name()), source, null, kept);
        });
        return new Answer(report.deployment().id(), report.deployment().state().label(), report.changed());
    }

    /** A provider hook's report of one of its runs; see {@link #reportByRun}. */
    @Override
    public Answer report(String backendType, String runId, RunReports.Outcome outcome, String source,
                         String deliveryKey) {
        Report report = reportByRun(backendType, runId, Outcome.valueOf(outcome.name()), source, deliveryKey);
        return new Answer(report.deployment().id(), report.deployment().state().label(), report.changed());
    }

    /**
     * A run another tool started in a repository a project deploys from: recorded as a deployment of the project's
     * environment, running, reported in the project's channel (configured, or else the one bound most recently)
     * and moved by the provider's later reports like one of Slipway's own; its watchdog fails it if it never ends.
     * A second announcement of the same run changes nothing.
     *
     * @throws RefusedException UNKNOWN_DEPLOYMENT when Slipway does not report such a run (see {@link RunReports})
     */
    @Override
    public Answer announceForeign(String backendType, String repository, String environment, String ref, String runId,
                                  String creator, String url, String deliveryKey) {
        Project project = catalog.projects().findByRepository(repository).orElseThrow(() ->
                notReported("no project deploys from " + Excerpt.of(repository)));
        Environment target = project.environment(environment).filter(e -> backendType.equals(e.backendType()))
                .orElseThrow(() -> notReported(project.id() + " has no " + backendType + " environment "
                        + Excerpt.of(environment)));
        // A delivery is signed, but its ref still enters here: refused like any other that breaks git's grammar.
        GitRef.problem(ref).ifPresent(problem -> {
            throw notReported("`" + Excerpt.of(ref) + "` is not a valid ref: it " + problem);
        });
        ReportedBackend backend = backends.find(project.id(), target.name())
                .filter(ReportedBackend.class::isInstance).map(ReportedBackend.class::cast)
                .orElseThrow(() -> notReported(project.id() + " " + target.name() + " takes no reports"));
        return store.inTransaction(tx -> {
            Optional<Deployment> known = tx.deployments().listByExternalId(runId).stream()
                    .filter(d -> backendType.equals(backendTypeOf(d))).findFirst();
            if (known.isPresent() || (deliveryKey != null && !tx.idempotencyKeys().claim(deliveryKey, clock.instant()))) {
                return known.map(d -> new Answer(d.id(), d.state().label(), false))
                        .orElseGet(() -> new Answer(0, "received before", false));
            }
            String channel = project.channel() != null ? project.channel()
                    : tx.bindings().findNewestByProject(project.id()).map(ChannelBinding::channel).orElseThrow(() ->
                            notReported("no channel is bound to " + project.id()));
            tx.locks().takeTurn(project.id(), target.name());
            Optional<Deployment> active = tx.deployments().findActive(project.id(), target.name());
            if (active.isPresent()) {
                throw notReported("#" + active.get().id() + " holds " + project.id() + " " + target.name());
            }
            Instant now = clock.instant();
            String who = creator == null || creator.isBlank() ? backendType : creator;
            Deployment stored = transitions.create(tx, Deployment.request(project.id(), target.name(), ref, who,
                    new ChatOrigin(surface, channel, null), DeploymentState.QUEUED, now),
                    "started on " + backendType + " by " + who);
            // It runs already, out there: it holds the environment from now, ahead of any queue.
            tx.deployments().dispatch(stored.id(), now);
            tx.deployments().recordRun(stored.id(), runId, url);
            Deployment withRun = stored.withRun(runId, url);
            Optional<Deployment> running = transitions.move(tx, withRun, DeploymentState.RUNNING, who,
                    url == null ? "" : url);
            tx.jobs().enqueue(JobKinds.EXPIRE_DEPLOYMENT, JobKinds.expirePayload(stored.id(), runId,
                    backend.reportDeadline()), null, now.plus(backend.reportDeadline()));
            return new Answer(stored.id(), running.orElse(withRun).state().label(), true);
        });
    }

    private static RefusedException notReported(String why) {
        return new RefusedException(ErrorCode.UNKNOWN_DEPLOYMENT, why + "; not reported");
    }

    /**
     * Only a run that its system reports (a pipeline) may be ended by a report. A run Slipway follows itself (a
     * script) ends when it ends: a report that it failed would free the environment while it still runs.
     */
    private void acceptsReports(Deployment deployment) {
        boolean reported = backends.find(deployment.project(), deployment.environment())
                .map(backend -> backend instanceof ReportedBackend).orElse(false);
        if (!reported) {
            String type = backendTypeOf(deployment);
            throw new RefusedException(ErrorCode.NOT_REPORTED, ("#%d runs on the %s backend, which Slipway follows to"
                    + " its end itself; it takes no reports from hooks.").formatted(deployment.id(),
                    type == null ? "configured" : type));
        }
    }

    private String backendTypeOf(Deployment deployment) {
        return catalog.projects().findById(deployment.project())
                .flatMap(project -> project.environment(deployment.environment()))
                .map(environment -> environment.backendType())
                .orElse(null);
    }

    private Report report(Transaction tx, Deployment deployment, Outcome outcome, String source, String deliveryKey) {
        return report(tx, deployment, outcome, source, deliveryKey, false);
    }

    /** {@code described}: the deployment carries the provider's own summary, which the report keeps. */
    private Report report(Transaction tx, Deployment deployment, Outcome outcome, String source, String deliveryKey,
                          boolean described) {
        acceptsReports(deployment);
        if (deliveryKey != null && !tx.idempotencyKeys().claim(deliveryKey, clock.instant())) {
            return new Report(deployment, false);
        }
        if (deployment.state().isTerminal()) {
            return new Report(deployment, false);
        }
        if (deployment.state() == outcome.state()) {
            if (described && tx.deployments().moveState(deployment, deployment.state())) {
                transitions.note(tx, deployment, source, "deployment.progress", deployment.summary());
                return new Report(deployment, true);
            }
            return new Report(deployment, false);
        }
        Deployment current = deployment;
        if (outcome != Outcome.RUNNING && !current.state().canMoveTo(outcome.state())) {
            // Reported done before Slipway saw it start: it did run.
            current = transitions.move(tx, current, DeploymentState.RUNNING, source, "").orElse(current);
        }
        if (!current.state().canMoveTo(outcome.state())) {
            return new Report(current, false);
        }
        String summary = described && current.summary() != null ? current.summary()
                : source + " reported " + outcome.name().toLowerCase(java.util.Locale.ROOT);
        Deployment withSummary = outcome == Outcome.RUNNING ? current : current.withResult(summary, current.outputTail());
        Optional<Deployment> moved = transitions.move(tx, withSummary, outcome.state(), source, summary);
        return new Report(moved.orElse(current), moved.isPresent());
    }
}
