package dev.slipway.backend.circleci;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CircleCI's outbound webhook at {@code /hooks/circleci}. A call is authentic when the {@code v1} entry of its
 * {@code circleci-signature} list is the HMAC-SHA256 of the raw body under the signing secret (compared in constant
 * time; other versions are ignored, so a list cannot be downgraded, and a null secret refuses every call). A
 * {@code workflow-completed} event ends the pipeline's run with the workflow's status; a {@code job-completed} event
 * only says it runs. Deliveries are deduplicated on the payload's {@code id}, which CircleCI keeps when it resends.
 *
 * <p>A pipeline with several workflows ends with the first workflow that completes.
 */
public final class CircleCiHook implements ProviderHook {
    static final String PATH = "/hooks/circleci";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(CircleCiHook.class);

    private final String secret;

    /** {@code secret}: the signing secret set on the project's webhook ({@code hooks.circleciSecret}), or null. */
    public CircleCiHook(String secret) {
        this.secret = secret == null || secret.isEmpty() ? null : secret;
    }

    /** The {@code v1} signature CircleCI sends for {@code body}: hex HMAC-SHA256 under {@code secret}. */
    public static String signature(String secret, byte[] body) {
        return HookSignatures.hmacSha256Hex(secret, body);
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public HookAnswer handle(HookRequest request, RunReports reports) {
        if (secret == null) {
            return HookAnswer.unauthorized("no CircleCI signing secret is configured");
        }
        if (!authentic(request.header("circleci-signature"), request.body())) {
            return HookAnswer.unauthorized("missing or wrong v1 in circleci-signature");
        }
        JsonNode event = object(request.body());
        if (event == null || !event.path("id").isTextual() || !event.path("type").isTextual()) {
            return HookAnswer.badRequest("the body is not a JSON object with a string id and type");
        }
        String type = event.path("type").asText();
        JsonNode pipelineId = event.path("pipeline").path("id");
        Outcome outcome;
        switch (type) {
            case "workflow-completed" -> {
                JsonNode status = event.path("workflow").path("status");
                if (!pipelineId.isTextual() || !status.isTextual()) {
                    return HookAnswer.badRequest("a workflow-completed event needs pipeline.id and workflow.status");
                }
                outcome = switch (status.asText()) {
                    case "success" -> Outcome.SUCCEEDED;
                    case "failed", "error", "unauthorized" -> Outcome.FAILED;
                    case "canceled", "cancelled" -> Outcome.CANCELLED;
                    default -> null;
                };
                if (outcome == null) {
                    return HookAnswer.accepted("workflow status " + status.asText() + " is not an end Slipway knows");
                }
            }
            case "job-completed" -> {
                if (!pipelineId.isTextual()) {
                    return HookAnswer.badRequest("a job-completed event needs pipeline.id");
                }
                // A job ended; the workflow's own event ends the run.
                outcome = Outcome.RUNNING;
            }
            default -> {
                return HookAnswer.accepted("CircleCI event " + type + " is not one Slipway acts on");
            }
        }
        String pipeline = pipelineId.asText();
        try {
            return HookAnswer.reported(reports.report("circleci", pipeline, outcome, "circleci",
                    "circleci:" + event.path("id").asText()));
        } catch (RefusedException e) {
            if (e.refusal().code() != ErrorCode.UNKNOWN_DEPLOYMENT) {
                throw e;
            }
            // Every project's pipelines are reported here, not only the ones Slipway triggered.
            LOG.debug("CircleCI reported pipeline {}, which no deployment ran", pipeline);
            return HookAnswer.accepted("no deployment ran pipeline " + pipeline);
        }
    }

    /** Whether a {@code v1} entry of the list is the body's signature; other versions do not count. */
    private boolean authentic(String header, byte[] body) {
        if (header == null) {
            return false;
        }
        boolean found = false;
        for (String entry : header.split(",")) {
            int eq = entry.indexOf('=');
            if (eq < 0 || !entry.substring(0, eq).strip().equals("v1")) {
                continue;
            }
            // Every v1 entry is compared, so the time taken does not tell which one matched.
            found |= HookSignatures.matches(entry.substring(eq + 1), secret, body);
        }
        return found;
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
