package dev.slipway.backend.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.backend.HookAnswer;
import dev.slipway.backend.HookRequest;
import dev.slipway.backend.HookSignatures;
import dev.slipway.backend.ProviderHook;
import dev.slipway.backend.RunReports;
import dev.slipway.backend.RunReports.Outcome;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.RefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub's webhook at {@code /hooks/github}. A delivery is authentic when {@code X-Hub-Signature-256} is the
 * HMAC-SHA256 of its raw body keyed with the secret of the repository's project ({@code github.webhookSecret}), or
 * else {@code hooks.githubSecret}, compared in constant time. {@code ping} is answered; a {@code deployment} that
 * Slipway created is handed on (its CI pipeline started), and one another tool created is reported in the
 * project's channel like Slipway's own; a {@code deployment_status} reports the run's progress or end; every other event, and a delivery about a run Slipway does not know, is accepted (202) and changes nothing.
 * Each {@code X-GitHub-Delivery} takes effect once: GitHub keeps it when a delivery is sent again.
 */
public final class GitHubHook implements ProviderHook {
    static final String PATH = "/hooks/github";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(GitHubHook.class);
    private static final String SIGNATURE_PREFIX = "sha256=";

    private final String secret;
    private final Map<String, String> secretsByRepository;

    /**
     * @param secret              {@code hooks.githubSecret}, or null
     * @param secretsByRepository the {@code github.webhookSecret} of each project that has one, by repository
     *                            ({@code owner/name}, any case)
     */
    public GitHubHook(String secret, Map<String, String> secretsByRepository) {
        this.secret = secret;
        java.util.TreeMap<String, String> caseless = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseless.putAll(secretsByRepository);
        this.secretsByRepository = java.util.Collections.unmodifiableMap(caseless);
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public HookAnswer handle(HookRequest request, RunReports reports) {
        String signature = request.header("X-Hub-Signature-256");
        if (signature == null || signature.isBlank()) {
            return HookAnswer.unauthorized("missing X-Hub-Signature-256");
        }
        JsonNode event = object(request.body());
        String key = secretFor(event);
        if (key == null || !signed(request.body(), key, signature)) {
            return HookAnswer.unauthorized("wrong X-Hub-Signature-256");
        }
        if (event == null) {
            return HookAnswer.badRequest("the body is not a JSON object");
        }
        String type = request.header("X-GitHub-Event");
        String delivery = request.header("X-GitHub-Delivery");
        String deliveryKey = delivery == null || delivery.isBlank() ? null : "github:" + delivery.strip();
        if (type == null || type.isBlank()) {
            return HookAnswer.badRequest("missing X-GitHub-Event");
        }
        try {
            return switch (type.strip()) {
                case "ping" -> new HookAnswer(200, Map.of("pong", true));
                case "deployment" -> deployment(event, reports, deliveryKey);
                case "deployment_status" -> deploymentStatus(event, reports, deliveryKey);
                default -> HookAnswer.accepted("Slipway does not act on " + type.strip() + " events");
            };
        } catch (RefusedException refused) {
            if (refused.refusal().code() != ErrorCode.UNKNOWN_DEPLOYMENT) {
                throw refused;
            }
            LOG.debug("GitHub delivery {} about a run Slipway does not know: {}", delivery, refused.getMessage());
            return HookAnswer.accepted(refused.refusal().message());
        }
    }

    /** A deployment Slipway created (its payload says so) is handed on; any other is none of its business. */
    private static HookAnswer deployment(JsonNode event, RunReports reports, String deliveryKey) {
        JsonNode deployment = event.path("deployment");
        if (!positive(deployment.path("id"))) {
            return HookAnswer.badRequest("deployment needs a positive integer id");
        }
        JsonNode slipway = payloadOf(deployment).path(GitHubBackend.PAYLOAD_KEY);
        if (!positive(slipway.path("deployment"))) {
            // Another tool's deployment (GitHub Actions, a person): reported in the project's channel all the same.
            String repository = event.path("repository").path("full_name").asText("");
            String environment = deployment.path("environment").asText("");
            String ref = deployment.path("ref").asText("");
            if (repository.isEmpty() || environment.isEmpty() || ref.isEmpty()) {
                return HookAnswer.badRequest("deployment needs its repository's full_name, an environment and a ref");
            }
            String page = event.path("repository").path("html_url").asText(null);
            return HookAnswer.reported(reports.announceForeign(GitHubBackend.TYPE, repository, environment, ref,
                    Long.toString(deployment.path("id").asLong()), deployment.path("creator").path("login").asText(null),
                    page == null ? null : page + "/deployments", deliveryKey));
        }
        return HookAnswer.reported(reports.announce(GitHubBackend.TYPE, Long.toString(deployment.path("id").asLong()),
                slipway.path("deployment").asLong(), slipway.path("start").asText(null), deliveryKey));
    }

    private static HookAnswer deploymentStatus(JsonNode event, RunReports reports, String deliveryKey) {
        JsonNode deployment = event.path("deployment");
        String state = event.path("deployment_status").path("state").asText("");
        if (!positive(deployment.path("id")) || state.isEmpty()) {
            return HookAnswer.badRequest("deployment_status needs a state and the deployment's positive integer id");
        }
        Outcome outcome = switch (state.toLowerCase(Locale.ROOT)) {
            case "queued", "pending", "in_progress" -> Outcome.RUNNING;
            case "success" -> Outcome.SUCCEEDED;
            case "failure", "error" -> Outcome.FAILED;
            default -> null; // inactive: a later deployment replaced it
        };
        if (outcome == null) {
            return HookAnswer.accepted("deployment status " + state);
        }
        return HookAnswer.reported(reports.report(GitHubBackend.TYPE, Long.toString(deployment.path("id").asLong()),
                outcome, "github", deliveryKey));
    }

    /** GitHub echoes the payload as an object, or as the JSON string it was given as. */
    private static JsonNode payloadOf(JsonNode deployment) {
        JsonNode payload = deployment.path("payload");
        if (payload.isTextual()) {
            JsonNode parsed = object(payload.asText().getBytes(StandardCharsets.UTF_8));
            return parsed == null ? JSON.createObjectNode() : parsed;
        }
        return payload;
    }

    /** The repository's own secret when its project has one, else the shared one. */
    private String secretFor(JsonNode event) {
        if (event != null) {
            String repository = event.path("repository").path("full_name").asText(null);
            if (repository != null && secretsByRepository.containsKey(repository)) {
                return secretsByRepository.get(repository);
            }
        }
        return secret;
    }

    static boolean signed(byte[] body, String key, String signature) {
        String given = signature.strip();
        return given.regionMatches(true, 0, SIGNATURE_PREFIX, 0, SIGNATURE_PREFIX.length())
                && HookSignatures.matches(given.substring(SIGNATURE_PREFIX.length()), key, body);
    }

    private static boolean positive(JsonNode id) {
        return id.isIntegralNumber() && id.canConvertToLong() && id.asLong() > 0;
    }

    private static JsonNode object(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
