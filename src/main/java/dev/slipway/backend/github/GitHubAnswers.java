package dev.slipway.backend.github;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.ProviderHttp;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.TransientBackendException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads GitHub's answers: its deployments and statuses, and its errors in one line of plain words that names the
 * repository, never a token, and says by its type whether a retry can help.
 */
final class GitHubAnswers {
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");
    private static final Pattern MERGED = Pattern.compile("Auto-merged (.+) into (.+) on deployment\\.?");
    private static final Pattern CONFLICT = Pattern.compile("Conflict merging (.+) into (.+?)\\.?");
    // Classic, fine-grained, OAuth, user-to-server, server-to-server and refresh tokens.
    private static final Pattern TOKENS = Pattern.compile("(gh[pousr]_|github_pat_)[A-Za-z0-9_]+");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final String repo;
    private final String token;
    private final String host;

    /** {@code host}: the API's host, named when it cannot be found. */
    GitHubAnswers(String repo, String token, String host) {
        this.repo = repo;
        this.token = token;
        this.host = host;
    }

    /**
     * The error for a non-2xx answer. When {@code creating}, a refusal GitHub certainly made before creating
     * anything (429, 503, rate limit) is {@link TransientBackendException#beforeStart}.
     */
    BackendException failure(HttpResponse<String> response, String doing, String notFound, boolean creating) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status == 401) {
            return new PermanentBackendException("GitHub refused the " + identity() + " for " + repo + " (401): check "
                    + (token == null ? "github.app" : "github.token"));
        }
        if ((status == 403 || status == 429)
                && response.headers().firstValue("X-RateLimit-Remaining").map(String::strip).orElse("").equals("0")) {
            String until = response.headers().firstValueAsLong("X-RateLimit-Reset").stream()
                    .mapToObj(reset -> " until " + CLOCK.format(Instant.ofEpochSecond(reset)) + " UTC")
                    .findFirst().orElse("");
            return transientBefore(creating, "GitHub's rate limit is used up" + until
                    + " (X-RateLimit-Reset); could not " + doing + " in " + repo + "; will retry");
        }
        if (status == 429 || status == 403 && response.headers().firstValue("Retry-After").isPresent()) {
            return transientBefore(creating, "GitHub asked Slipway to slow down (" + status + ")" + retryAfter(response)
                    + "; could not " + doing + " in " + repo + "; will retry");
        }
        if (status == 403) {
            return new PermanentBackendException("GitHub refused to let Slipway " + doing + " in " + repo
                    + " (403): its GitHub identity lacks the permission (" + message(body) + ")");
        }
        if (status == 404) {
            return new PermanentBackendException(notFound);
        }
        if (status == 503) {
            return transientBefore(creating, "GitHub is unavailable (503)" + retryAfter(response) + "; could not "
                    + doing + " in " + repo + "; will retry");
        }
        if (status == 408 || status / 100 == 5) {
            return new TransientBackendException("GitHub answered " + status + " when asked to " + doing + " in " + repo
                    + "; will retry");
        }
        return new PermanentBackendException("GitHub refused to " + doing + " in " + repo + " (" + status + "): "
                + message(body));
    }

    /** A request that got no answer: never sent (connection refused), timed out or cut off. */
    BackendException unanswered(IOException e, String doing, Duration timeout, boolean creating) {
        if (ProviderHttp.neverConnected(e)) {
            String text = "could not connect to GitHub to " + doing + " in " + repo + ": "
                    + redact(ProviderHttp.reason(e, host)) + "; will retry";
            return creating ? TransientBackendException.beforeStart(text, e) : new TransientBackendException(text, e);
        }
        String maybe = creating ? "; a deployment may have been created, check " + repo + " on GitHub" : "";
        if (e instanceof HttpTimeoutException) {
            return new TransientBackendException("GitHub did not answer within " + timeout.toSeconds()
                    + " s when asked to " + doing + " in " + repo + maybe + "; will retry", e);
        }
        return new TransientBackendException("the connection to GitHub broke when asked to " + doing + " in " + repo
                + " (" + redact(ProviderHttp.reason(e, host)) + ")" + maybe + "; will retry", e);
    }

    /** The answer to a request for a deployment: 201 and 202, or the error of a 409, a 422 and the rest. */
    CreateAnswer created(HttpResponse<String> response, String ref) throws BackendException {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status == 201) {
            try {
                JsonNode node = JSON.readTree(body);
                if (node != null && node.path("id").canConvertToLong() && node.path("id").asLong() > 0) {
                    return new CreateAnswer.Created(deployment(node));
                }
            } catch (IOException e) {
                // reported below
            }
            // Permanent, although the deployment most likely exists: creating is not idempotent.
            throw new PermanentBackendException("GitHub answered 201 but not with a deployment (" + excerpt(body)
                    + "); a deployment may exist, check " + repo + " on GitHub");
        }
        if (status == 202) {
            Matcher merged = MERGED.matcher(message(body));
            String base = merged.matches() ? merged.group(1) : "the default branch";
            return new CreateAnswer.Merging("GitHub is merging " + base + " into " + ref
                    + " first; no deployment was created yet");
        }
        if (status == 409) {
            throw conflict(body, ref);
        }
        if (status == 422) {
            throw unprocessable(body, ref);
        }
        throw failure(response, "create a deployment of " + ref, notFound(), true);
    }

    private PermanentBackendException conflict(String body, String ref) {
        String message = message(body);
        Matcher conflict = CONFLICT.matcher(message);
        if (conflict.matches()) {
            return new PermanentBackendException("GitHub cannot merge " + conflict.group(1) + " into " + ref
                    + " (merge conflict) in " + repo + "; merge it by hand, or deploy without auto-merge");
        }
        List<String> contexts = failedContexts(body);
        if (!contexts.isEmpty()) {
            return new PermanentBackendException("GitHub refused to deploy " + ref + " in " + repo
                    + ": required status checks did not pass: " + String.join(", ", contexts));
        }
        return new PermanentBackendException("GitHub refused to deploy " + ref + " in " + repo + " (409): " + message);
    }

    /** The failing contexts of {@code errors: [{"contexts": [{"context": "ci/build", "state": "failure"}]}]}. */
    private static List<String> failedContexts(String body) {
        List<String> contexts = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null) {
                return contexts;
            }
            for (JsonNode error : root.path("errors")) {
                for (JsonNode context : error.path("contexts")) {
                    String name = context.path("context").asText("");
                    String state = context.path("state").asText("");
                    if (!name.isBlank() && !state.equals("success")) {
                        contexts.add(state.isBlank() ? name : name + " (" + state + ")");
                    }
                }
            }
        } catch (IOException e) {
            // no contexts then
        }
        return contexts;
    }

    /** A 422: an unknown ref or commit in GitHub's words "No ref found for", else GitHub's message. */
    PermanentBackendException unprocessable(String body, String ref) {
        String message = message(body);
        if (message.startsWith("No ref found") || message.startsWith("No commit found")) {
            return new PermanentBackendException("GitHub has no ref `" + ref + "` in " + repo);
        }
        return new PermanentBackendException("GitHub refused `" + ref + "` in " + repo + " (422): " + message);
    }

    String notFound() {
        return "no repository " + repo + ", or Slipway's GitHub identity cannot see it";
    }

    GitHubDeployment deployment(JsonNode node) {
        return new GitHubDeployment(node.path("id").asLong(), text(node, "ref"), text(node, "sha"),
                text(node, "environment"), text(node.path("creator"), "login"), instant(node.path("created_at")),
                payload(node.path("payload")), text(node, "url"));
    }

    GitHubDeploymentStatus status(JsonNode node) {
        String logUrl = text(node, "log_url");
        return new GitHubDeploymentStatus(text(node, "state"), logUrl != null ? logUrl : text(node, "target_url"),
                text(node.path("creator"), "login"), instant(node.path("created_at")));
    }

    /** The body as a JSON list or object; PermanentBackendException when it is something else. */
    JsonNode json(HttpResponse<String> response, String doing, boolean array) throws PermanentBackendException {
        try {
            JsonNode node = JSON.readTree(response.body() == null ? "" : response.body());
            if (node != null && (array ? node.isArray() : node.isObject())) {
                return node;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new PermanentBackendException("GitHub answered " + (array ? "something other than a list" : "something "
                + "other than an object") + " when asked to " + doing + " in " + repo + " ("
                + excerpt(String.valueOf(response.body())) + ")");
    }

    /** The URL of the next page from GitHub's {@code Link} header. */
    static Optional<String> nextPage(HttpResponse<?> response) {
        for (String link : response.headers().allValues("Link")) {
            Matcher next = NEXT.matcher(link);
            if (next.find()) {
                return Optional.of(next.group(1));
            }
        }
        return Optional.empty();
    }

    String redact(String text) {
        String redacted = token == null ? text : text.replace(token, "***");
        return TOKENS.matcher(redacted).replaceAll("***");
    }

    private String identity() {
        return token == null ? "app credentials" : "token";
    }

    private static TransientBackendException transientBefore(boolean creating, String message) {
        return creating ? TransientBackendException.beforeStart(message, null) : new TransientBackendException(message);
    }

    private static String retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).filter(s -> !s.isEmpty())
                .map(seconds -> seconds.chars().allMatch(Character::isDigit)
                        ? ", and asked to wait " + seconds + " s (Retry-After)"
                        : ", and asked to wait until " + seconds + " (Retry-After)")
                .orElse("");
    }

    /** GitHub's {@code message}, or an excerpt of the body. */
    String message(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null && root.path("message").isTextual() && !root.path("message").asText().isBlank()) {
                return redact(root.path("message").asText().strip());
            }
        } catch (IOException e) {
            // an excerpt then
        }
        return excerpt(body);
    }

    private String excerpt(String body) {
        String text = body.strip().replaceAll("\\s+", " ");
        if (text.isEmpty()) {
            return "empty body";
        }
        return redact(text.length() > 200 ? text.substring(0, 200) + "..." : text);
    }

    private static Map<String, Object> payload(JsonNode payload) {
        JsonNode object = payload;
        if (payload.isTextual()) {
            try {
                object = JSON.readTree(payload.asText());
            } catch (IOException e) {
                return Map.of();
            }
        }
        return object != null && object.isObject() ? JSON.convertValue(object, OBJECT) : Map.of();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static Instant instant(JsonNode node) {
        try {
            return node.isTextual() ? Instant.parse(node.asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
