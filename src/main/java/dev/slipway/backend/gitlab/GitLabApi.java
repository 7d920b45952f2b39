package dev.slipway.backend.gitlab;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.TransientBackendException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of GitLab's REST API an API token opens: the pipelines of the project (listed page by page, as GitLab
 * pages them with {@code X-Next-Page}), their variables, and cancelling one. Messages never contain the token.
 */
final class GitLabApi {
    /** Pipelines listed per page, GitLab's maximum. */
    static final int PER_PAGE = 100;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final HttpClient client;
    private final String projectUrl;
    private final String projectId;
    private final String token;
    private final Duration timeout;

    GitLabApi(HttpClient client, String baseUrl, String projectId, String token, Duration timeout) {
        this.client = client;
        this.projectUrl = baseUrl + "/api/v4/projects/" + GitLabTrigger.pathSegment(projectId);
        this.projectId = projectId;
        this.token = token;
        this.timeout = timeout;
    }

    /** Pipelines triggered for {@code ref} and updated after {@code since}, newest first, every page of them. */
    List<GitLabPipeline> triggeredPipelines(String ref, Instant since) throws BackendException {
        List<GitLabPipeline> pipelines = new ArrayList<>();
        String page = "1";
        while (!page.isEmpty()) {
            HttpResponse<String> response = send(get("/pipelines?ref=" + GitLabTrigger.encode(ref) + "&source=trigger"
                    + "&updated_after=" + GitLabTrigger.encode(since.toString()) + "&order_by=id&sort=desc&per_page=" + PER_PAGE
                    + "&page=" + page), "list the pipelines");
            for (JsonNode pipeline : json(response.body())) {
                pipelines.add(new GitLabPipeline(pipeline.path("id").asLong(), pipeline.path("web_url").asText(null)));
            }
            page = response.headers().firstValue("X-Next-Page").orElse("").strip();
        }
        return pipelines;
    }

    /** The variables a pipeline was created with. */
    Map<String, String> variables(long pipelineId) throws BackendException {
        HttpResponse<String> response = send(get("/pipelines/" + pipelineId + "/variables"),
                "read the variables of pipeline " + pipelineId);
        Map<String, String> variables = new LinkedHashMap<>();
        for (JsonNode variable : json(response.body())) {
            variables.put(variable.path("key").asText(), variable.path("value").asText());
        }
        return variables;
    }

    /** Asks GitLab to cancel the pipeline; for one that has ended GitLab changes nothing. */
    void cancel(long pipelineId) throws BackendException {
        send(request("/pipelines/" + pipelineId + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build(),
                "cancel pipeline " + pipelineId);
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(projectUrl + path)).timeout(timeout)
                .header("PRIVATE-TOKEN", token).header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest request, String doing) throws BackendException {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TransientBackendException("could not " + doing + " of GitLab project " + projectId + ": "
                    + redact(String.valueOf(e.getMessage())) + "; will retry", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientBackendException("interrupted while trying to " + doing + "; will retry", e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response;
        }
        if (status == 401 || status == 403) {
            throw new PermanentBackendException("GitLab refused the API token (HTTP " + status + ") to " + doing
                    + ": check apiToken (it needs the api scope) for project " + projectId);
        }
        if (status == 404) {
            throw new PermanentBackendException("GitLab found nothing to " + doing + " in project " + projectId
                    + " (HTTP 404)");
        }
        if (status == 408 || status == 429 || status / 100 == 5) {
            throw new TransientBackendException("GitLab answered HTTP " + status + " when asked to " + doing
                    + "; will retry");
        }
        throw new PermanentBackendException("GitLab answered HTTP " + status + " when asked to " + doing);
    }

    private JsonNode json(String body) throws PermanentBackendException {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isArray()) {
                return node;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new PermanentBackendException("GitLab answered with something other than a list for project "
                + projectId);
    }

    private String redact(String text) {
        return text.replace(token, "***");
    }
}
