package dev.slipway.backend.github;

import dev.slipway.backend.BackendException;
import dev.slipway.backend.BackendType;
import dev.slipway.backend.Cancellation;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.HandingOnBackend;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.ProviderHttp;
import dev.slipway.backend.RunReports;
import dev.slipway.backend.StartLookup;
import dev.slipway.backend.StartedRun;
import dev.slipway.backend.TransientBackendException;
import dev.slipway.domain.RefKind;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys by creating a GitHub Deployment of the project's repository. The handle is the deployment's id; GitHub
 * reports its statuses to {@link GitHubHook}. With a {@code circleci:} backend configured beside it, the work is handed
 * on to a CircleCI pipeline and GitHub is told how that goes ({@code queued}, {@code in_progress} with the pipeline as
 * {@code log_url}, then {@code success} or {@code failure}); without one, whatever acts on GitHub's {@code deployment}
 * event does the work and sets the statuses.
 *
 * <p>Creating a deployment is not idempotent, so its payload carries Slipway's deployment id and start key
 * ({@value #PAYLOAD_KEY}); a start in doubt is looked up among the repository's deployments of the ref and
 * environment by them.
 */
public final class GitHubBackend implements HandingOnBackend {
    static final String TYPE = "github";
    static final String PAYLOAD_KEY = "slipway";
    /** How many of a ref's deployments in an environment are searched for a start in doubt. */
    static final int LOOKUP_DEPTH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(GitHubBackend.class);

    private final GitHubSettings settings;
    private final GitHubClient client;
    private final String repository;
    private final Next next;

    public GitHubBackend(GitHubSettings settings, GitHubClient client, Next next) {
        this.settings = settings;
        this.client = client;
        this.repository = client.connection().repo();
        this.next = next;
    }

    /**
     * The {@code github} backend type; {@code clients} gives the client of a project's repository that waits at most
     * the given time for an answer.
     */
    public static BackendType<GitHubSettings> type(BiFunction<String, Duration, GitHubClient> clients) {
        return new BackendType<>(TYPE, GitHubSettings.class, RefKind.GIT,
                (settings, placement) -> {
                    GitHubClient client = clients.apply(placement.project(), settings.timeout());
                    return new GitHubBackend(settings, client, placement.next());
                },
                settings -> Optional.empty(), Set.of("circleci"));
    }

    @Override
    public Optional<Next> next() {
        return Optional.ofNullable(next);
    }

    @Override
    public Duration reportDeadline() {
        return settings.reportTimeout();
    }

    /**
     * Creates the deployment. GitHub's 202 (it is merging the default branch into the ref first) created nothing,
     * so the start is retried, and a repeat succeeds once the merge is in.
     */
    @Override
    public StartedRun start(DeploymentTask task) throws BackendException {
        String ref = refOf(task);
        NewDeployment request = new NewDeployment(ref, task.environment(),
                "Deploy requested from chat by " + task.user() + " (Slipway #" + task.deploymentId() + ")",
                payload(task), settings.autoMerge(), settings.requiredContexts(),
                settings.isProduction(task.environment()), settings.transientEnvironment());
        CreateAnswer answer = client.createDeployment(request);
        if (answer instanceof CreateAnswer.Merging merging) {
            throw TransientBackendException.beforeStart(merging.message() + "; Slipway asks again shortly", null);
        }
        GitHubDeployment created = ((CreateAnswer.Created) answer).deployment();
        LOG.info("Deployment {} created GitHub deployment {} of {} for {} in {}", task.deploymentId(), created.id(),
                repository, ref, task.environment());
        return new StartedRun(Long.toString(created.id()), deploymentsPage(task.environment()), Instant.now());
    }

    /**
     * Looks among the repository's deployments of the ref and environment for the one whose payload carries the
     * task's deployment id and start key. A create still within its timeout may yet be made, so the answer waits.
     */
    @Override
    public StartLookup findStart(DeploymentTask task) throws BackendException {
        Instant since = task.startAttempt() != null ? task.startAttempt().at() : Instant.now();
        if (Instant.now().isBefore(since.plus(settings.timeout().multipliedBy(2)))) {
            throw new TransientBackendException("the GitHub deployment of #" + task.deploymentId()
                    + " may still be being created; will look once its timeout has passed");
        }
        for (GitHubDeployment deployment : client.deployments(refOf(task), task.environment(), LOOKUP_DEPTH)) {
            if (startedFor(task, deployment.payload())) {
                LOG.info("Deployment {} found its GitHub deployment {} of {}", task.deploymentId(), deployment.id(),
                        repository);
                return new StartLookup.Started(new StartedRun(Long.toString(deployment.id()),
                        deploymentsPage(task.environment()), since));
            }
        }
        return new StartLookup.NotStarted();
    }

    /** GitHub deployments cannot be stopped; whatever runs them can, and the person is told where. */
    @Override
    public Cancellation cancel(DeploymentTask task, StartedRun run) {
        return new Cancellation.CannotStop("GitHub cannot stop deployment " + run.handle() + " of " + repository
                + ": stop whatever runs it (its pipeline), then mark it failed; see " + deploymentsPage(task.environment()));
    }

    @Override
    public void handingOn(DeploymentTask task, StartedRun run) throws BackendException {
        client.createStatus(deploymentId(run), "queued", null, "Slipway is starting " + next.type(), null);
    }

    @Override
    public void handedOn(DeploymentTask task, StartedRun run, StartedRun nextRun) throws BackendException {
        client.createStatus(deploymentId(run), "in_progress", nextRun.url(), next.type() + " runs it", null);
    }

    @Override
    public void handedOnEnded(DeploymentTask task, StartedRun run, RunReports.Outcome outcome, String logUrl,
                              String description) throws BackendException {
        String state = switch (outcome) {
            case SUCCEEDED -> "success";
            case FAILED -> "failure";
            case CANCELLED -> "error";
            case RUNNING -> null;
        };
        if (state != null) {
            String said = description == null || description.isBlank() ? next.type() + " reported " + state : description;
            client.createStatus(deploymentId(run), state, logUrl, said, null);
        }
    }

    /** What GitHub echoes back in its events: whose deployment it is and where it was asked for. */
    private static Map<String, Object> payload(DeploymentTask task) {
        Map<String, Object> slipway = new LinkedHashMap<>();
        slipway.put("deployment", task.deploymentId());
        if (task.startAttempt() != null) {
            slipway.put("start", task.startAttempt().key());
        }
        slipway.put("project", task.project());
        Map<String, Object> chat = new LinkedHashMap<>();
        if (task.channel() != null) {
            chat.put("channel", task.channel());
        }
        if (task.thread() != null) {
            chat.put("thread_ts", task.thread());
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put(PAYLOAD_KEY, slipway);
        payload.put("chat", chat);
        payload.put("requested_by", task.user());
        return payload;
    }

    /** Whether a deployment's payload names this task's deployment and start. */
    static boolean startedFor(DeploymentTask task, Map<String, Object> payload) {
        if (!(payload.get(PAYLOAD_KEY) instanceof Map<?, ?> slipway)) {
            return false;
        }
        boolean deployment = String.valueOf(task.deploymentId()).equals(String.valueOf(slipway.get("deployment")));
        return deployment && (task.startAttempt() == null || task.startAttempt().key().equals(slipway.get("start")));
    }

    private String deploymentsPage(String environment) {
        return client.connection().webUrl() + "/deployments/" + ProviderHttp.encode(environment);
    }

    private static long deploymentId(StartedRun run) throws PermanentBackendException {
        try {
            return Long.parseLong(run.handle());
        } catch (NumberFormatException e) {
            throw new PermanentBackendException("not a GitHub deployment id: " + run.handle(), e);
        }
    }

    private static String refOf(DeploymentTask task) throws PermanentBackendException {
        if (task.ref() == null || task.ref().isBlank()) {
            throw new PermanentBackendException("deployment " + task.deploymentId() + " names no ref: GitHub deploys"
                    + " a branch, tag or commit; give one, or a defaultRef for the environment");
        }
        return task.ref();
    }
}
