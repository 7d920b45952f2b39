package dev.slipway.backend.gitlab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.TransientBackendException;
import java.net.http.HttpResponse;

/**
 * Reads the trigger API's answer: the pipeline it created, or an error in plain words that says whether a retry
 * can help. Messages never contain the trigger token, even where GitLab would echo it.
 */
final class GitLabAnswers {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String baseUrl;
    private final String projectId;
    private final String token;

    GitLabAnswers(String baseUrl, String projectId, String token) {
        this.baseUrl = baseUrl;
        this.projectId = projectId;
        this.token = token;
    }

    GitLabPipeline pipelineOf(HttpResponse<String> response) throws BackendException {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status / 100 == 2) {
            return parse(status, body);
        }
        if (status == 400) {
            throw new PermanentBackendException("GitLab refused the trigger: " + message(body));
        }
        if (status == 401 || status == 403) {
            throw new PermanentBackendException("GitLab refused the trigger token (HTTP " + status
                    + "): check triggerToken for project " + projectId);
        }
        if (status == 404) {
            // GitLab answers 404 for a trigger token that does not belong to the project, too.
            throw new PermanentBackendException("GitLab project " + projectId + " was not found at " + baseUrl
                    + " (HTTP 404); GitLab answers the same when triggerToken does not belong to the project");
        }
        if (status == 429 || status == 503) {
            // Throttled or unavailable: GitLab refused before creating anything.
            throw TransientBackendException.beforeStart("GitLab answered HTTP " + status + "; will retry", null);
        }
        if (status == 408 || status / 100 == 5) {
            throw new TransientBackendException("GitLab answered HTTP " + status + "; will retry");
        }
        throw new PermanentBackendException("GitLab answered HTTP " + status + ": " + message(body));
    }

    // Permanent although nothing is known for sure: GitLab most likely created a pipeline, and the trigger API
    // is not idempotent, so retrying could deploy twice.
    private GitLabPipeline parse(int status, String body) throws PermanentBackendException {
        try {
            GitLabPipeline pipeline = JSON.readValue(body, GitLabPipeline.class);
            if (pipeline != null && pipeline.id() != null) {
                return pipeline;
            }
        } catch (JsonProcessingException e) {
            // reported below, with the body
        }
        throw new PermanentBackendException("GitLab answered HTTP " + status + " but not with a pipeline ("
                + excerpt(body) + "); a pipeline may have started, check project " + projectId + " in GitLab");
    }

    /** GitLab's {@code message} or {@code error}, readable whether it is text or a map of field errors. */
    String message(String body) {
        return redact(GitLabErrorMessages.render(JSON, body).orElseGet(() -> excerpt(body)));
    }

    private String excerpt(String body) {
        String text = body.strip().replaceAll("\\s+", " ");
        if (text.isEmpty()) {
            return "empty body";
        }
        return redact(text.length() > 200 ? text.substring(0, 200) + "..." : text);
    }

    String redact(String text) {
        return text.replace(token, "***");
    }
}
