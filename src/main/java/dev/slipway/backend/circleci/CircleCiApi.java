package dev.slipway.backend.circleci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.ProviderHttp;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.TransientBackendException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of CircleCI's API v2 a personal token opens: trigger a project's pipeline, list its pipelines page by page
 * ({@code next_page_token}), list a pipeline's workflows and cancel one. Answers become exceptions in plain words that
 * say whether a retry can help; messages never contain the token.
 */
final class CircleCiApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A pipeline as the trigger and the pipeline list answer it; {@code branch} and {@code tag} may be null. */
    record Pipeline(String id, long number, String state, Instant createdAt, String branch, String tag,
                    String triggerType) {
    }

    /** One page of a list, and the token of the next one, or null. */
    record Page<T>(List<T> items, String next) {
    }

    /** A workflow of a pipeline. */
    record Workflow(String id, String status) {
    }

    private final HttpClient client;
    private final String baseUrl;
    private final String slug;
    private final String token;
    private final Duration timeout;

    CircleCiApi(HttpClient client, String baseUrl, String slug, String token, Duration timeout) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.slug = slug;
        this.token = token;
        this.timeout = timeout;
    }

    /**
     * Triggers a pipeline of {@code branch} or {@code tag} (exactly one is non-null) with {@code parameters}. Not
     * idempotent: every request that reaches CircleCI may create a pipeline, so only failures that certainly created
     * nothing say so ({@link TransientBackendException#beforeStart}).
     */
    Pipeline trigger(String branch, String tag, Map<String, String> parameters) throws BackendException {
        ObjectNode body = JSON.createObjectNode();
        if (tag != null) {
            body.put("tag", tag);
        } else {
            body.put("branch", branch);
        }
        if (!parameters.isEmpty()) {
            ObjectNode values = body.putObject("parameters");
            parameters.forEach(values::put);
        }
        HttpRequest request = request(projectPath() + "/pipeline").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw TransientBackendException.beforeStart("could not reach CircleCI at " + baseUrl + ": no connection"
                    + " within " + readable(timeout) + "; will retry", e);
        } catch (HttpTimeoutException e) {
            throw new TransientBackendException("could not reach CircleCI at " + baseUrl + ": no answer within "
                    + readable(timeout) + "; a pipeline may have been created; will check before retrying", e);
        } catch (IOException e) {
            String message = "could not reach CircleCI at " + baseUrl + ": " + reason(e) + "; will retry";
            throw neverConnected(e) ? TransientBackendException.beforeStart(message, e)
                    : new TransientBackendException(message, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientBackendException("interrupted while triggering a pipeline of CircleCI project "
                    + slug + "; will retry", e);
        }
        return triggered(response);
    }

    private Pipeline triggered(HttpResponse<String> response) throws BackendException {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status / 100 == 2) {
            JsonNode json = tree(body);
            if (json != null && json.path("id").isTextual() && json.path("number").canConvertToLong()) {
                return pipeline(json);
            }
            // Permanent although nothing is known for sure: CircleCI most likely created a pipeline, and
            // triggering again could deploy twice.
            throw new PermanentBackendException("CircleCI answered HTTP " + status + " but not with a pipeline ("
                    + excerpt(body) + "); a pipeline may have started, check " + CircleCiBackend.appUrl(baseUrl, slug));
        }
        if (status == 400) {
            String message = message(body);
            if (message.startsWith("Unexpected argument")) {
                throw new PermanentBackendException("CircleCI refused the trigger: " + message
                        + "; every pipeline parameter must be declared under parameters: in .circleci/config.yml"
                        + " of project " + slug);
            }
            throw new PermanentBackendException("CircleCI refused the trigger: " + message);
        }
        if (status == 429) {
            String retryAfter = response.headers().firstValue("Retry-After").map(String::strip).orElse("");
            throw TransientBackendException.beforeStart("CircleCI is throttling requests (HTTP 429)"
                    + (retryAfter.isEmpty() ? "" : " and asks to wait " + retryAfter + "s (Retry-After)")
                    + "; will retry", null);
        }
        if (status == 502 || status == 503) {
            // A gateway that cannot reach CircleCI, or CircleCI unavailable: nothing was created.
            throw TransientBackendException.beforeStart("CircleCI answered HTTP " + status + "; will retry", null);
        }
        if (status == 408 || status / 100 == 5) {
            throw new TransientBackendException("CircleCI answered HTTP " + status
                    + "; a pipeline may have been created; will check before retrying");
        }
        throw refusal(status, body, "trigger a pipeline");
    }

    /** One page of the project's pipelines, newest first; of {@code branch} only, unless it is null. */
    Page<Pipeline> pipelines(String branch, String pageToken) throws BackendException {
        StringBuilder query = new StringBuilder();
        if (branch != null) {
            query.append("?branch=").append(encode(branch));
        }
        if (pageToken != null) {
            query.append(query.length() == 0 ? '?' : '&').append("page-token=").append(encode(pageToken));
        }
        JsonNode page = get(projectPath() + "/pipeline" + query, "list the pipelines");
        List<Pipeline> items = new ArrayList<>();
        for (JsonNode item : page.path("items")) {
            items.add(pipeline(item));
        }
        return new Page<>(items, next(page));
    }

    /** The pipeline's state ({@code created}, {@code errored}, {@code pending} ...). */
    String state(String pipelineId) throws BackendException {
        return get("/api/v2/pipeline/" + encode(pipelineId), "read pipeline " + pipelineId).path("state").asText("");
    }

    /** Every workflow of the pipeline, every page of them. */
    List<Workflow> workflows(String pipelineId) throws BackendException {
        List<Workflow> workflows = new ArrayList<>();
        String pageToken = null;
        do {
            JsonNode page = get("/api/v2/pipeline/" + encode(pipelineId) + "/workflow"
                    + (pageToken == null ? "" : "?page-token=" + encode(pageToken)),
                    "list the workflows of pipeline " + pipelineId);
            for (JsonNode item : page.path("items")) {
                workflows.add(new Workflow(item.path("id").asText(), item.path("status").asText("")));
            }
            pageToken = next(page);
        } while (pageToken != null);
        return workflows;
    }

    void cancelWorkflow(String workflowId) throws BackendException {
        send(request("/api/v2/workflow/" + encode(workflowId) + "/cancel")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), "cancel workflow " + workflowId);
    }

    private JsonNode get(String path, String doing) throws BackendException {
        HttpResponse<String> response = send(request(path).GET().build(), doing);
        JsonNode json = tree(response.body());
        if (json == null || !json.isObject()) {
            throw new PermanentBackendException("CircleCI answered with something other than a JSON object when"
                    + " asked to " + doing + " (" + excerpt(response.body()) + ")");
        }
        return json;
    }

    private HttpResponse<String> send(HttpRequest request, String doing) throws BackendException {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new TransientBackendException("CircleCI gave no answer within " + readable(timeout)
                    + " when asked to " + doing + "; will retry", e);
        } catch (IOException e) {
            throw new TransientBackendException("could not reach CircleCI at " + baseUrl + " to " + doing + ": "
                    + reason(e) + "; will retry", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientBackendException("interrupted while trying to " + doing + "; will retry", e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response;
        }
        if (status == 408 || status == 429 || status / 100 == 5) {
            throw new TransientBackendException("CircleCI answered HTTP " + status + " when asked to " + doing
                    + "; will retry");
        }
        throw refusal(status, response.body() == null ? "" : response.body(), doing);
    }

    private PermanentBackendException refusal(int status, String body, String doing) {
        if (status == 401 || status == 403) {
            return new PermanentBackendException("CircleCI refused the token (HTTP " + status + ") when asked to "
                    + doing + ": check token for project " + slug);
        }
        if (status == 404) {
            return new PermanentBackendException("CircleCI has no project " + slug
                    + ", or the token cannot see it (HTTP 404 when asked to " + doing + ")");
        }
        return new PermanentBackendException("CircleCI answered HTTP " + status + " when asked to " + doing + ": "
                + message(body));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("Circle-Token", token).header("Accept", "application/json");
    }

    /** {@code /api/v2/project/gh/acme/api}: each slash of the slug stays a separator, each segment is encoded. */
    private String projectPath() {
        StringBuilder path = new StringBuilder("/api/v2/project");
        for (String segment : slug.split("/")) {
            path.append('/').append(encode(segment));
        }
        return path.toString();
    }

    private static Pipeline pipeline(JsonNode json) {
        JsonNode vcs = json.path("vcs");
        return new Pipeline(json.path("id").asText(), json.path("number").asLong(), json.path("state").asText(null),
                ProviderHttp.instant(json.path("created_at").asText(null)), vcs.path("branch").asText(null),
                vcs.path("tag").asText(null), json.path("trigger").path("type").asText(null));
    }


    private static String next(JsonNode page) {
        JsonNode next = page.path("next_page_token");
        return next.isTextual() && !next.asText().isBlank() ? next.asText() : null;
    }

    private static JsonNode tree(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** CircleCI's {@code message}, or an excerpt of the body. */
    private String message(String body) {
        JsonNode json = tree(body);
        if (json != null && json.path("message").isTextual() && !json.path("message").asText().isBlank()) {
            return redact(json.path("message").asText().strip().replaceAll("\\s+", " "));
        }
        return excerpt(body);
    }

    private String excerpt(String body) {
        String text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        if (text.isEmpty()) {
            return "empty body";
        }
        return redact(text.length() > 200 ? text.substring(0, 200) + "..." : text);
    }

    String redact(String text) {
        return text.replace(token, "***");
    }

    static String readable(Duration duration) {
        return ProviderHttp.readable(duration);
    }

    private String reason(IOException e) {
        return redact(ProviderHttp.reason(e, URI.create(baseUrl).getHost()));
    }

    private static boolean neverConnected(IOException e) {
        return ProviderHttp.neverConnected(e);
    }

    static String encode(String value) {
        return ProviderHttp.encode(value);
    }
}
