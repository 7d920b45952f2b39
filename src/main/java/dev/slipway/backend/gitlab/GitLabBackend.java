package dev.slipway.backend.gitlab;

import dev.slipway.backend.Backend;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.BackendType;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.RunResult;
import dev.slipway.backend.StartedRun;
import dev.slipway.backend.TransientBackendException;
import dev.slipway.domain.RefKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys by triggering a pipeline of a GitLab project with a pipeline trigger token. The handle is the
 * pipeline's id; the pipeline reports its end to one of Slipway's hooks, so there is nothing to follow.
 *
 * <p>The trigger API is not idempotent: every call that reaches GitLab creates a pipeline. A timeout or a
 * dropped connection is still reported as transient, because most of them happen before GitLab acted, and a
 * deployment that silently never starts is worse than a rare second pipeline for the same ref.
 */
public final class GitLabBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(GitLabBackend.class);

    private final GitLabSettings settings;
    private final HttpClient client;
    private final String baseUrl;
    private final GitLabAnswers answers;

    public GitLabBackend(GitLabSettings settings, HttpClient client) {
        this.settings = settings;
        this.client = client;
        this.baseUrl = GitLabTrigger.baseUrl(settings.url());
        this.answers = new GitLabAnswers(baseUrl, settings.projectId(), settings.triggerToken());
    }

    public static BackendType<GitLabSettings> type(HttpClient client) {
        return new BackendType<>("gitlab", GitLabSettings.class, RefKind.GIT, s -> new GitLabBackend(s, client),
                s -> Optional.ofNullable(s.ref()));
    }

    @Override
    public Completion completion() {
        return Completion.HOOK;
    }

    @Override
    public java.time.Duration reportDeadline() {
        return settings.pipelineTimeout();
    }

    /**
     * Triggers the pipeline. An interruption restores the thread's interrupt flag and ends in a
     * {@link TransientBackendException}, so the job is retried by whoever runs next.
     */
    @Override
    public StartedRun start(DeploymentTask task) throws BackendException {
        String ref = refOf(task);
        Map<String, String> variables = new LinkedHashMap<>();
        settings.variables().forEach((key, value) -> variables.put(key, task.fill(value)));
        HttpResponse<String> response;
        try {
            response = client.send(GitLabTrigger.request(baseUrl, settings.projectId(), settings.triggerToken(),
                    ref, variables, settings.timeout()), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw unreachable("no answer within " + readable(settings.timeout()), e);
        } catch (IOException e) {
            throw unreachable(reason(e), e);
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

    @Override
    public RunResult follow(DeploymentTask task, StartedRun run) throws BackendException {
        throw new PermanentBackendException("a GitLab pipeline reports its end through a hook");
    }

    /** Always refuses: a trigger token may start pipelines but not cancel them, and Slipway holds no other. */
    @Override
    public void cancel(DeploymentTask task, StartedRun run) throws BackendException {
        String where = run.url() != null ? run.url() : "project " + settings.projectId() + " at " + baseUrl;
        throw new PermanentBackendException("GitLab pipelines started with a trigger token cannot be cancelled by "
                + "Slipway; cancel pipeline " + run.handle() + " in GitLab: " + where);
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

    private TransientBackendException unreachable(String reason, IOException cause) {
        return new TransientBackendException("could not reach GitLab at " + baseUrl + ": "
                + answers.redact(reason) + "; will retry", cause);
    }

    // The JDK client often throws a ConnectException without a message, its reason hidden in a cause.
    private String reason(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host " + URI.create(baseUrl).getHost();
            }
        }
        if (e instanceof ConnectException) {
            return e.getMessage() != null ? e.getMessage() : "connection refused";
        }
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    private static String readable(Duration duration) {
        return duration.toMillisPart() == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
