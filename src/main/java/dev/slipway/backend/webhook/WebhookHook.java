package dev.slipway.backend.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.backend.HookAnswer;
import dev.slipway.backend.HookRequest;
import dev.slipway.backend.ProviderHook;
import dev.slipway.backend.RunReports;
import dev.slipway.backend.RunReports.Outcome;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Excerpt;
import dev.slipway.domain.RefusedException;
import dev.slipway.domain.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * Where a webhook receiver reports on a run, at {@code /hooks/webhook}: the callback URL {@link WebhookBackend} sent
 * with the deployment names the project, environment and deployment in its query, with a token that the
 * environment's secret derives for that deployment only (compared in constant time). The body is a JSON object:
 * <pre>
 * {"state": "running" | "succeeded" | "failed" | "cancelled", "description": "...", "logUrl": "https://..."}
 * </pre>
 * with {@code description} (shown with the deployment, cut to {@value #MAX_DESCRIPTION} characters) and
 * {@code logUrl} optional. A report after the deployment ended is refused: the token is spent.
 */
public final class WebhookHook implements ProviderHook {
    static final String PATH = "/hooks/webhook";
    static final int MAX_DESCRIPTION = 200;
    private static final String NOT_AUTHENTIC = "missing or wrong project, environment, deployment or token";
    // Compared against when the environment is unknown, so that the answer takes as long as for a wrong token.
    private static final String NO_SECRET = "no webhook environment has this secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> secrets;

    /**
     * @param secrets the secret of every webhook environment, by {@code <project>/<environment>}; the composition
     *                root builds it from the configuration
     */
    public WebhookHook(Map<String, String> secrets) {
        secrets.forEach((environment, secret) -> {
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("the webhook environment " + environment + " has no secret");
            }
        });
        this.secrets = Map.copyOf(secrets);
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public HookAnswer handle(HookRequest request, RunReports reports) {
        String project = request.queryParam("project");
        String environment = request.queryParam("environment");
        long deploymentId = positiveLong(request.queryParam("deployment"));
        String secret = project == null || environment == null ? null : secrets.get(project + "/" + environment);
        String expected = WebhookTokens.callbackToken(secret != null ? secret : NO_SECRET, String.valueOf(project),
                String.valueOf(environment), deploymentId);
        if (!Tokens.same(request.queryParam("token"), expected) || secret == null || deploymentId <= 0) {
            return HookAnswer.unauthorized(NOT_AUTHENTIC);
        }
        JsonNode report = object(request.body());
        if (report == null) {
            return HookAnswer.badRequest("the body is not a JSON object");
        }
        JsonNode state = report.path("state");
        if (!state.isTextual()) {
            return HookAnswer.badRequest("the body needs a state: send running, succeeded or failed");
        }
        Outcome outcome = switch (state.asText().strip().toLowerCase(Locale.ROOT)) {
            case "running" -> Outcome.RUNNING;
            case "succeeded" -> Outcome.SUCCEEDED;
            case "failed" -> Outcome.FAILED;
            case "cancelled", "canceled" -> Outcome.CANCELLED;
            default -> null;
        };
        if (outcome == null) {
            return HookAnswer.badRequest("unknown state `" + Excerpt.of(state.asText())
                    + "`: send running, succeeded or failed");
        }
        JsonNode description = report.path("description");
        if (!description.isMissingNode() && !description.isNull() && !description.isTextual()) {
            return HookAnswer.badRequest("description must be a string");
        }
        String text = description.isTextual() && !description.asText().isBlank()
                ? Excerpt.of(description.asText().strip(), MAX_DESCRIPTION) : null;
        JsonNode logUrl = report.path("logUrl");
        String link = null;
        if (!logUrl.isMissingNode() && !logUrl.isNull()) {
            link = logUrl.isTextual() ? webUrl(logUrl.asText().strip()) : null;
            if (link == null) {
                return HookAnswer.badRequest("logUrl must be an http or https URL");
            }
        }
        RunReports.Answer answer;
        try {
            answer = reports.reportDeployment("webhook", project, environment, deploymentId, outcome, text, link,
                    "webhook");
        } catch (RefusedException e) {
            if (e.refusal().code() != ErrorCode.UNKNOWN_DEPLOYMENT) {
                throw e;
            }
            return HookAnswer.unauthorized("this callback's token is not valid for any running deployment");
        }
        if (!answer.changed() && ended(answer.state())) {
            return HookAnswer.unauthorized("this deployment has ended; its callback token is spent");
        }
        return HookAnswer.reported(answer);
    }

    private static boolean ended(String state) {
        try {
            return DeploymentState.fromLabel(state).isTerminal();
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    /** The query's deployment id, or 0 when it is not a positive whole number. */
    private static long positiveLong(String text) {
        if (text == null || text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(text));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String webUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? text : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static JsonNode object(byte[] body) {
        try {
            JsonNode node = body.length == 0 ? null : JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
