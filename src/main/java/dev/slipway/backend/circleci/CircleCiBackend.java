package dev.slipway.backend.circleci;

import dev.slipway.backend.BackendException;
import dev.slipway.backend.BackendType;
import dev.slipway.backend.Cancellation;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.ReportedBackend;
import dev.slipway.backend.StartLookup;
import dev.slipway.backend.StartedRun;
import dev.slipway.backend.TransientBackendException;
import dev.slipway.domain.RefKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys by triggering a pipeline of a CircleCI project (API v2, {@code POST /api/v2/project/{slug}/pipeline}) with a
 * personal API token. The handle is the pipeline's id (a UUID); its workflows report their end to
 * {@link CircleCiHook}, so there is nothing to follow. A run's link is
 * {@code https://app.circleci.com/pipelines/<slug>/<number>} for CircleCI's cloud; for any other API base (a server
 * install) it is {@code <base>/pipelines/<slug>/<number>}.
 *
 * <p>A ref {@code refs/tags/x} or {@code tags/x} is triggered as the tag {@code x}, {@code refs/heads/x} as the branch
 * {@code x}, anything else as the branch it names.
 *
 * <p>The trigger is not idempotent, and CircleCI keeps no trigger parameters that can be read back, so a start in
 * doubt cannot be matched to its pipeline: {@link #findStart} is sure nothing started only when no pipeline triggered
 * through the API has appeared for the ref since the attempt, and otherwise says it cannot know and links the newest
 * such pipeline. {@link #cancel} cancels every workflow of the pipeline that has not ended.
 */
public final class CircleCiBackend implements ReportedBackend {
    /** How far CircleCI's clock may be behind Slipway's when pipelines are compared with the start attempt. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** The most pages of pipelines a look-up reads before it gives up being sure. */
    static final int MAX_PAGES = 50;
    private static final String CLOUD_API = "https://circleci.com";
    private static final String CLOUD_APP = "https://app.circleci.com";
    private static final Set<String> ACTIVE_WORKFLOW = Set.of("running", "on_hold", "failing");
    private static final Logger LOG = LoggerFactory.getLogger(CircleCiBackend.class);

    private final CircleCiSettings settings;
    private final String baseUrl;
    private final CircleCiApi api;

    public CircleCiBackend(CircleCiSettings settings, HttpClient client) {
        this.settings = settings;
        this.baseUrl = baseUrl(settings.url());
        this.api = new CircleCiApi(client, baseUrl, settings.projectSlug(), settings.token(), settings.timeout());
    }

    public static BackendType<CircleCiSettings> type(HttpClient client) {
        return new BackendType<>("circleci", CircleCiSettings.class, RefKind.GIT, s -> new CircleCiBackend(s, client),
                s -> Optional.empty());
    }

    @Override
    public Duration reportDeadline() {
        return settings.pipelineTimeout();
    }

    /**
     * Triggers the pipeline. A failure that certainly created nothing (no connection, 429, 502, 503) says so; a 500,
     * a timeout or a dropped connection leaves the start in doubt. An interruption restores the thread's interrupt
     * flag and ends in a {@link TransientBackendException}.
     */
    @Override
    public StartedRun start(DeploymentTask task) throws BackendException {
        Ref ref = refOf(task);
        Map<String, String> parameters = new LinkedHashMap<>();
        settings.parameters().forEach((name, value) -> parameters.put(name, task.fill(value)));
        CircleCiApi.Pipeline pipeline = api.trigger(ref.branch(), ref.tag(), parameters);
        LOG.info("Deployment {} triggered CircleCI pipeline {} (#{}) of project {} on {}", task.deploymentId(),
                pipeline.id(), pipeline.number(), settings.projectSlug(), ref);
        return new StartedRun(pipeline.id(), pipelineUrl(pipeline.number()), Instant.now());
    }

    /**
     * Looks at the project's pipelines of the task's ref created since the attempt (less {@link #CLOCK_SKEW}): none
     * triggered through the API means nothing started; any means CircleCI cannot say whether it is this task's.
     */
    @Override
    public StartLookup findStart(DeploymentTask task) throws BackendException {
        Ref ref = refOf(task);
        Instant since = task.startAttempt() != null ? task.startAttempt().at()
                : Instant.now().minus(settings.pipelineTimeout());
        // CircleCI goes on creating a pipeline after the client gave up waiting; twice the timeout lets it finish.
        if (Instant.now().isBefore(since.plus(settings.timeout().multipliedBy(2)))) {
            throw new TransientBackendException("the trigger of deployment " + task.deploymentId()
                    + " may still be creating its pipeline; will look once its timeout has passed");
        }
        Instant cutoff = since.minus(CLOCK_SKEW);
        CircleCiApi.Pipeline newest = null;
        String pageToken = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            CircleCiApi.Page<CircleCiApi.Pipeline> pipelines = api.pipelines(ref.branch(), pageToken);
            for (CircleCiApi.Pipeline pipeline : pipelines.items()) {
                if (pipeline.createdAt() != null && pipeline.createdAt().isBefore(cutoff)) {
                    return lookup(newest);
                }
                if (newest == null && ref.matches(pipeline)
                        && (pipeline.triggerType() == null || pipeline.triggerType().equals("api"))) {
                    newest = pipeline;
                }
            }
            pageToken = pipelines.next();
            if (pageToken == null) {
                return lookup(newest);
            }
        }
        return newest != null ? lookup(newest) : new StartLookup.Unknown("CircleCI lists more than " + MAX_PAGES
                + " pages of pipelines since the start attempt", pipelinesPage());
    }

    private StartLookup lookup(CircleCiApi.Pipeline newest) {
        if (newest == null) {
            return new StartLookup.NotStarted();
        }
        return new StartLookup.Unknown("CircleCI does not say which trigger created a pipeline",
                pipelineUrl(newest.number()));
    }

    /**
     * Cancels every workflow of the pipeline that has not ended. A pipeline still compiling its config has no
     * workflows yet: that is transient, so the cancel is tried again once they exist.
     */
    @Override
    public Cancellation cancel(DeploymentTask task, StartedRun run) throws BackendException {
        var workflows = api.workflows(run.handle());
        if (workflows.isEmpty()) {
            String state = api.state(run.handle());
            if (state.equals("errored")) {
                return new Cancellation.Stopped();
            }
            throw new TransientBackendException("CircleCI pipeline " + run.handle() + " has no workflows to cancel"
                    + " yet (state " + state + "); will retry");
        }
        for (CircleCiApi.Workflow workflow : workflows) {
            if (ACTIVE_WORKFLOW.contains(workflow.status())) {
                api.cancelWorkflow(workflow.id());
            }
        }
        return new Cancellation.Stopped();
    }

    /** Where a person sees the pipeline numbered {@code number}. */
    private String pipelineUrl(long number) {
        return appUrl(baseUrl, settings.projectSlug()) + "/" + number;
    }

    private String pipelinesPage() {
        return appUrl(baseUrl, settings.projectSlug());
    }

    /** The project's pipelines page in CircleCI's web app, for the API at {@code baseUrl}. */
    static String appUrl(String baseUrl, String slug) {
        String app = baseUrl.equalsIgnoreCase(CLOUD_API) ? CLOUD_APP : baseUrl;
        return app + "/pipelines/" + slug;
    }

    /** The API base as configured, without the trailing slashes that would double the path's first one. */
    static String baseUrl(String url) {
        String base = url;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base).toString();
    }

    private Ref refOf(DeploymentTask task) throws PermanentBackendException {
        String ref = task.ref() == null ? "" : task.ref().strip();
        if (ref.isEmpty()) {
            throw new PermanentBackendException("deployment " + task.deploymentId()
                    + " names no ref, and the circleci backend has no default ref");
        }
        for (String prefix : new String[] {"refs/tags/", "tags/"}) {
            if (ref.startsWith(prefix) && ref.length() > prefix.length()) {
                return new Ref(null, ref.substring(prefix.length()));
            }
        }
        if (ref.startsWith("refs/heads/") && ref.length() > "refs/heads/".length()) {
            return new Ref(ref.substring("refs/heads/".length()), null);
        }
        return new Ref(ref, null);
    }

    /** What a pipeline is triggered on: a branch or a tag, exactly one of them. */
    private record Ref(String branch, String tag) {
        // A pipeline whose vcs CircleCI does not show (a GitHub App project keeps it elsewhere) may be this ref's.
        boolean matches(CircleCiApi.Pipeline pipeline) {
            if (tag != null) {
                return pipeline.tag() != null ? tag.equals(pipeline.tag()) : pipeline.branch() == null;
            }
            return pipeline.branch() == null || branch.equals(pipeline.branch());
        }

        @Override
        public String toString() {
            return tag != null ? "tag " + tag : "branch " + branch;
        }
    }
}
