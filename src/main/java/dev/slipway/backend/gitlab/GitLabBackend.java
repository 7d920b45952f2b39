package dev.slipway.backend.gitlab;

import dev.slipway.backend.BackendException;
import dev.slipway.backend.BackendType;
import dev.slipway.backend.Cancellation;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.ProviderHttp;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.ReportedBackend;
import dev.slipway.backend.StartLookup;
import dev.slipway.backend.StartedRun;
import dev.slipway.backend.TransientBackendException;
import dev.slipway.domain.RefKind;
import dev.slipway.domain.StartAttempt;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys by triggering a pipeline of a GitLab project with a pipeline trigger token. The handle is the
 * pipeline's id; the pipeline reports its end to {@link GitLabHook}, so there is nothing to follow.
 *
 * <p>The trigger API is not idempotent: every call that reaches GitLab creates a pipeline. So every pipeline carries
 * the deployment's id and its start key as the variables {@value #DEPLOYMENT_VARIABLE} and {@value #START_VARIABLE},
 * and a start in doubt is looked up among the project's pipelines with the optional API token; without one, Slipway
 * cannot know and says so. The API token also lets Slipway cancel a pipeline.
 */
public final class GitLabBackend implements ReportedBackend {
    static final String DEPLOYMENT_VARIABLE = "SLIPWAY_DEPLOYMENT_ID";
    static final String START_VARIABLE = "SLIPWAY_START_KEY";
    /** How far GitLab's clock may be behind Slipway's when pipelines are listed by the time they were updated. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(GitLabBackend.class);

    private final GitLabSettings settings;
    private final HttpClient client;
    private final String baseUrl;
    private final GitLabAnswers answers;
    private final GitLabApi api;

    public GitLabBackend(GitLabSettings settings, HttpClient client) {
        this.settings = settings;
        this.client = client;
        this.baseUrl = GitLabTrigger.baseUrl(settings.url());
        this.answers = new GitLabAnswers(baseUrl, settings.projectId(), settings.triggerToken());
        this.api = settings.apiToken() == null ? null
                : new GitLabApi(client, baseUrl, settings.projectId(), settings.apiToken(), settings.timeout());
    }

    public static BackendType<GitLabSettings> type(HttpClient client) {
        return new BackendType<>("gitlab", GitLabSettings.class, RefKind.GIT, s -> new GitLabBackend(s, client),
                s -> Optional.ofNullable(s.ref()));
    }

    @Override
    public Duration reportDeadline() {
        return settings.pipelineTimeout();
    }

    /**
     * Triggers the pipeline. A failure that certainly created nothing (no connection, 429, 503) says so; a timeout
     * or a dropped connection leaves the start in doubt. An interruption restores the thread's interrupt flag and
     * ends in a {@link TransientBackendException}, so the job is retried by whoever runs next.
     */
    @Override
    public StartedRun start(DeploymentTask task) throws BackendException {
        String ref = refOf(task);
        Map<String, String> variables = new LinkedHashMap<>();
        settings.variables().forEach((key, value) -> variables.put(key, task.fill(value)));
        variables.put(DEPLOYMENT_VARIABLE, Long.toString(task.deploymentId()));
        if (task.startAttempt() != null) {
            variables.put(START_VARIABLE, task.startAttempt().key());
        }
        HttpResponse<String> response;
        try {
            response = client.send(GitLabTrigger.request(baseUrl, settings.projectId(), settings.triggerToken(),
                    ref, variables, settings.timeout()), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw unreachable("no answer within " + ProviderHttp.readable(settings.timeout()), e, false);
        } catch (IOException e) {
            throw unreachable(ProviderHttp.reason(e, URI.create(baseUrl).getHost()), e, ProviderHttp.neverConnected(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientBackendException("interrupted while triggering a pipeline of GitLab project "
                    + settings.projectId() + "; will retry", e);
        }
        GitLabPipeline pipeline = answers.pipelineOf(response);
        String handle = Long.toString(pipeline.id());
        LOG.info("Deployment {} triggered GitLab pipeline {} of project {} on {}", task.deploymentId(), handle,
                settings.projectId(), ref);
        return new StartedRun(handle, pipeline.webUrl(), Instant.now());
    }

    /**
     * Looks among the project's triggered pipelines of the task's ref for the one carrying the task's deployment id
     * and start key. A trigger still within its timeout may yet create its pipeline, so the answer waits for that;
     * without an API token GitLab cannot be asked.
     */
    @Override
    public StartLookup findStart(DeploymentTask task) throws BackendException {
        String ref = refOf(task);
        if (api == null) {
            return new StartLookup.Unknown("GitLab cannot be asked which pipelines were triggered without an API"
                    + " token (apiToken)", pipelinesPage(ref));
        }
        StartAttempt attempt = task.startAttempt();
        Instant since = attempt != null ? attempt.at() : Instant.now().minus(settings.pipelineTimeout());
        // GitLab goes on creating a pipeline after the client gave up waiting; twice the timeout lets it finish.
        if (Instant.now().isBefore(since.plus(settings.timeout().multipliedBy(2)))) {
            throw new TransientBackendException("the trigger of deployment " + task.deploymentId()
                    + " may still be creating its pipeline; will look once its timeout has passed");
        }
        for (GitLabPipeline pipeline : api.triggeredPipelines(ref, since.minus(CLOCK_SKEW))) {
            if (startedFor(task, api.variables(pipeline.id()))) {
                LOG.info("Deployment {} found its GitLab pipeline {} of project {}", task.deploymentId(),
                        pipeline.id(), settings.projectId());
                return new StartLookup.Started(new StartedRun(Long.toString(pipeline.id()), pipeline.webUrl(),
                        attempt != null ? attempt.at() : Instant.now()));
            }
        }
        return new StartLookup.NotStarted();
    }

    private static boolean startedFor(DeploymentTask task, Map<String, String> variables) {
        boolean deployment = Long.toString(task.deploymentId()).equals(variables.get(DEPLOYMENT_VARIABLE));
        return deployment && (task.startAttempt() == null
                || task.startAttempt().key().equals(variables.get(START_VARIABLE)));
    }

    /** Cancels the pipeline through the API; a trigger token alone cannot, and the person is told where to. */
    @Override
    public Cancellation cancel(DeploymentTask task, StartedRun run) throws BackendException {
        String where = run.url() != null ? run.url() : pipelinesPage(task.ref());
        if (api == null) {
            return new Cancellation.CannotStop("GitLab cannot be asked to stop pipeline " + run.handle()
                    + " without an API token (apiToken): cancel it at " + where);
        }
        long pipeline;
        try {
            pipeline = Long.parseLong(run.handle());
        } catch (NumberFormatException e) {
            throw new PermanentBackendException("not a GitLab pipeline id: " + run.handle(), e);
        }
        api.cancel(pipeline);
        return new Cancellation.Stopped();
    }

    /** Where a person sees the project's pipelines of {@code ref}. */
    private String pipelinesPage(String ref) {
        String project = settings.projectId().chars().allMatch(Character::isDigit)
                ? "projects/" + settings.projectId() : settings.projectId();
        String filter = ref == null || ref.isBlank() ? "" : "?ref=" + GitLabTrigger.encode(ref);
        return baseUrl + "/" + project + "/-/pipelines" + filter;
    }

    private String refOf(DeploymentTask task) throws PermanentBackendException {
        if (task.ref() != null && !task.ref().isBlank()) {
            return task.ref();
        }
        if (settings.ref() != null) {
            return settings.ref();
        }
        // GitLab refuses a blank ref; saying so here is clearer than its "ref is empty".
        throw new PermanentBackendException("deployment " + task.deploymentId()
                + " names no ref and the gitlab backend has no default ref");
    }

    private TransientBackendException unreachable(String reason, IOException cause, boolean nothingStarted) {
        String message = "could not reach GitLab at " + baseUrl + ": " + answers.redact(reason) + "; will retry";
        return nothingStarted ? TransientBackendException.beforeStart(message, cause)
                : new TransientBackendException(message, cause);
    }
}
