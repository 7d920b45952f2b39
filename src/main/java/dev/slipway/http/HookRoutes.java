package dev.slipway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.app.HookService;
import dev.slipway.app.HookService.Outcome;
import dev.slipway.app.HookService.Report;
import dev.slipway.app.ReviewService;
import dev.slipway.domain.Excerpt;
import dev.slipway.domain.Project;
import dev.slipway.domain.Projects;
import io.javalin.config.JavalinConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UnauthorizedResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The inbound hooks: {@code /hooks/notify}, the curl line existing pipelines already run, {@code /hooks/gitlab},
 * GitLab's pipeline webhook, and {@code /hooks/build-complete}, where CI posts a finished build. Authentication
 * comes first (401), then the body (400); neither a refused nor an unknown report (404) changes anything.
 */
public final class HookRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Who a build posted through the hook is recorded as having asked for. */
    static final String BUILD_HOOK = "ci";

    private final HookService hooks;
    private final String notifyToken;
    private final String gitlabToken;
    private final ReviewService reviews;
    private final Projects projects;

    /** A null token refuses every call of its hook; so does a project without a hook token for its builds. */
    public HookRoutes(HookService hooks, String notifyToken, String gitlabToken, ReviewService reviews,
                      Projects projects) {
        this.hooks = hooks;
        this.notifyToken = notifyToken;
        this.gitlabToken = gitlabToken;
        this.reviews = reviews;
        this.projects = projects;
    }

    void register(JavalinConfig config) {
        config.routes.get("/hooks/notify", this::notify);
        config.routes.post("/hooks/notify", this::notify);
        config.routes.post("/hooks/gitlab", this::gitlab);
        config.routes.post("/hooks/build-complete", this::buildComplete);
    }

    /**
     * A finished build: {@code project}, {@code image}, {@code type} and {@code target}, form-encoded or JSON, with
     * the project's hook token as {@code Authorization: Bearer} or {@code ?token=}. 202 with the new preview
     * deployment's id; 200 with the first one's when the same build is already in flight.
     */
    private void buildComplete(Context ctx) {
        String token = bearer(ctx.header("Authorization"));
        if (token == null) {
            token = ctx.queryParam("token");
        }
        if (token == null || token.isEmpty()) {
            throw new UnauthorizedResponse("missing hook token: send Authorization: Bearer <token> or ?token=");
        }
        Map<String, String> params = params(ctx);
        Project project = projects.findById(required(params, "project")).orElseThrow(() ->
                new NotFoundResponse("unknown project " + Excerpt.of(params.get("project"))));
        if (project.hookToken() == null || !same(token, project.hookToken())) {
            throw new UnauthorizedResponse("wrong hook token for project " + project.id());
        }
        ReviewService.Accepted accepted = reviews.preview(new ReviewService.Build(project.id(), required(params, "image"),
                required(params, "type"), required(params, "target"), BUILD_HOOK));
        ctx.status(accepted.created() ? 202 : 200).json(Map.of("deployment", accepted.deploymentId(),
                "created", accepted.created()));
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).strip();
    }

    /**
     * {@code ?token=T} or {@code ?T=true} (as notify.sh scripts send it), {@code source}, {@code result}
     * (success or failure), {@code channel} and {@code timestamp} (the thread that reports the deployment).
     */
    private void notify(Context ctx) {
        Map<String, String> params = params(ctx);
        if (!notifyAuthorised(params)) {
            throw new UnauthorizedResponse("missing or wrong notify token");
        }
        Outcome outcome = switch (required(params, "result").toLowerCase(Locale.ROOT)) {
            case "success", "succeeded" -> Outcome.SUCCEEDED;
            case "failure", "failed" -> Outcome.FAILED;
            default -> throw new BadRequestResponse("result must be success or failure");
        };
        String source = params.getOrDefault("source", "notify");
        Report report = hooks.reportByThread(required(params, "channel"), required(params, "timestamp"), outcome,
                source.isBlank() ? "notify" : source, null);
        answer(ctx, report);
    }

    private boolean notifyAuthorised(Map<String, String> params) {
        if (notifyToken == null) {
            return false;
        }
        boolean named = false;
        for (Map.Entry<String, String> param : params.entrySet()) {
            // Every name is compared, so the time taken does not tell where the token is.
            named |= same(param.getKey(), notifyToken) && "true".equalsIgnoreCase(param.getValue());
        }
        return named | same(params.get("token"), notifyToken);
    }

    /** GitLab's pipeline events: {@code X-Gitlab-Token}, deduplicated on {@code Idempotency-Key}. */
    private void gitlab(Context ctx) {
        if (gitlabToken == null || !same(ctx.header("X-Gitlab-Token"), gitlabToken)) {
            throw new UnauthorizedResponse("missing or wrong X-Gitlab-Token");
        }
        JsonNode event = json(ctx.bodyAsBytes());
        if (!"pipeline".equals(event.path("object_kind").asText())) {
            ctx.status(200).json(Map.of("ignored", "not a pipeline event"));
            return;
        }
        JsonNode pipeline = event.path("object_attributes");
        if (!pipeline.path("id").canConvertToLong() || !pipeline.path("status").isTextual()) {
            throw new BadRequestResponse("object_attributes needs a numeric id and a status");
        }
        Outcome outcome = switch (pipeline.path("status").asText()) {
            case "running" -> Outcome.RUNNING;
            case "success" -> Outcome.SUCCEEDED;
            case "failed" -> Outcome.FAILED;
            case "canceled", "cancelled" -> Outcome.CANCELLED;
            default -> null;
        };
        if (outcome == null) {
            ctx.status(200).json(Map.of("ignored", "pipeline status " + pipeline.path("status").asText()));
            return;
        }
        String key = ctx.header("Idempotency-Key");
        Report report = hooks.reportByRun("gitlab", Long.toString(pipeline.path("id").asLong()), outcome, "gitlab",
                key == null || key.isBlank() ? null : "gitlab:" + key);
        answer(ctx, report);
    }

    private static void answer(Context ctx, Report report) {
        ctx.status(200).json(Map.of("deployment", report.deployment().id(), "state", report.deployment().state().label(),
                "changed", report.changed()));
    }

    private static Map<String, String> params(Context ctx) {
        Map<String, String> params = new HashMap<>();
        ctx.queryParamMap().forEach((name, values) -> params.put(name, values.isEmpty() ? "" : values.get(0)));
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        if ("POST".equals(ctx.method().name()) && type.startsWith("application/x-www-form-urlencoded")) {
            ctx.formParamMap().forEach((name, values) -> params.putIfAbsent(name, values.isEmpty() ? "" : values.get(0)));
        } else if ("POST".equals(ctx.method().name()) && type.startsWith("application/json")) {
            json(ctx.bodyAsBytes()).fields().forEachRemaining(field -> params.putIfAbsent(field.getKey(), field.getValue().asText()));
        }
        return params;
    }

    private static String required(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            throw new BadRequestResponse(name + " is required");
        }
        return value;
    }

    private static JsonNode json(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequestResponse("the body is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new BadRequestResponse("the body is not valid JSON");
        }
    }

    private static boolean same(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}
