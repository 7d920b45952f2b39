package dev.slipway.backend.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.backend.HookAnswer;
import dev.slipway.backend.HookRequest;
import dev.slipway.backend.ProviderHook;
import dev.slipway.backend.RunReports;
import dev.slipway.backend.RunReports.Outcome;
import dev.slipway.domain.Tokens;
import java.io.IOException;

/**
 * GitLab's pipeline webhook at {@code /hooks/gitlab}: authenticated by {@code X-Gitlab-Token} (compared in constant
 * time; a null token refuses every call), a {@code Pipeline Hook} body reports the pipeline's status, and deliveries
 * are deduplicated on {@code Idempotency-Key}, which GitLab keeps when it resends an event.
 */
public final class GitLabHook implements ProviderHook {
    static final String PATH = "/hooks/gitlab";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String token;

    /** {@code token}: the secret token configured on the project's webhook ({@code hooks.gitlabToken}), or null. */
    public GitLabHook(String token) {
        this.token = token;
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public HookAnswer handle(HookRequest request, RunReports reports) {
        if (token == null || !Tokens.same(request.header("X-Gitlab-Token"), token)) {
            return HookAnswer.unauthorized("missing or wrong X-Gitlab-Token");
        }
        JsonNode event = object(request.body());
        if (event == null) {
            return HookAnswer.badRequest("the body is not a JSON object");
        }
        if (!"pipeline".equals(event.path("object_kind").asText())) {
            return HookAnswer.ignored("not a pipeline event");
        }
        JsonNode pipeline = event.path("object_attributes");
        JsonNode id = pipeline.path("id");
        if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0 || !pipeline.path("status").isTextual()) {
            return HookAnswer.badRequest("object_attributes needs a positive integer id and a status");
        }
        Outcome outcome = switch (pipeline.path("status").asText()) {
            case "running" -> Outcome.RUNNING;
            case "success" -> Outcome.SUCCEEDED;
            case "failed" -> Outcome.FAILED;
            case "canceled", "cancelled" -> Outcome.CANCELLED;
            default -> null;
        };
        if (outcome == null) {
            return HookAnswer.ignored("pipeline status " + pipeline.path("status").asText());
        }
        String key = request.header("Idempotency-Key");
        return HookAnswer.reported(reports.report("gitlab", Long.toString(id.asLong()), outcome, "gitlab",
                key == null || key.isBlank() ? null : "gitlab:" + key));
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
