package dev.slipway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.app.DeniedAttempts;
import dev.slipway.app.HookService;
import dev.slipway.app.HookService.Outcome;
import dev.slipway.app.HookService.Report;
import dev.slipway.app.ReviewService;
import dev.slipway.backend.HookAnswer;
import dev.slipway.backend.HookRequest;
import dev.slipway.backend.ProviderHook;
import dev.slipway.backend.ProviderHooks;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Project;
import dev.slipway.domain.Projects;
import dev.slipway.domain.RefusedException;
import dev.slipway.domain.Tokens;
import io.javalin.config.JavalinConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The inbound hooks: {@code /hooks/notify}, the curl line existing pipelines already run, {@code /hooks/build-complete},
 * where CI posts a finished build, and each provider's own hook ({@link ProviderHooks}), which its backend package
 * authenticates and parses. Authentication comes first (401), then the body (400); neither a refused nor an unknown
 * report (404) changes anything. Each 401 is counted as a denied attempt of its hook (the last part of its path),
 * never written one by one.
 */
public final class HookRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Who a build posted through the hook is recorded as having asked for. */
    static final String BUILD_HOOK = "ci";
    private static final String NOTIFY = "/hooks/notify";
    private static final String BUILD_COMPLETE = "/hooks/build-complete";
    /** Compared against when the named project does not exist, so that case takes as long as a wrong token. */
    private static final String UNKNOWN_PROJECT_TOKEN = java.util.UUID.randomUUID().toString();

    private final HookService hooks;
    private final String notifyToken;
    private final ProviderHooks providers;
    private final ReviewService reviews;
    private final Projects projects;
    private final DeniedAttempts denied;

    /**
     * A null token refuses every call of its hook; so does a project without a hook token for its builds.
     * {@code denied} counts the calls refused with 401.
     */
    public HookRoutes(HookService hooks, String notifyToken, ProviderHooks providers, ReviewService reviews,
                      Projects projects, DeniedAttempts denied) {
        this.hooks = hooks;
        this.notifyToken = notifyToken;
        this.providers = providers;
        this.reviews = reviews;
        this.projects = projects;
        this.denied = java.util.Objects.requireNonNull(denied, "denied");
    }

    void register(JavalinConfig config) {
        config.routes.get(NOTIFY, this::notify);
        config.routes.post(NOTIFY, this::notify);
        providers.hooks().forEach(hook -> config.routes.post(hook.path(), ctx -> provider(hook, ctx)));
        config.routes.post(BUILD_COMPLETE, this::buildComplete);
    }

    /**
     * A finished build: {@code project}, {@code image}, {@code type} and {@code target}, form-encoded or JSON, with
     * the project's hook token as {@code Authorization: Bearer} or {@code ?token=}. 202 with the new preview
     * deployment's id; 200 with the first one's when the same build is already in flight.
     */
    private void buildComplete(Context ctx) {
        String token = Tokens.bearer(ctx.header("Authorization"));
        if (token == null) {
            token = ctx.queryParam("token");
        }
        if (token == null || token.isEmpty()) {
            throw unauthorized(ctx, BUILD_COMPLETE, "missing hook token: send Authorization: Bearer <token> or ?token=");
        }
        Map<String, String> params = params(ctx);
        // An unknown project and a wrong token get the same answer, in the same time, so that nobody without a
        // token can learn which projects exist.
        Optional<Project> named = projects.findById(required(params, "project"));
        String expected = named.map(Project::hookToken).orElse(null);
        boolean matches = Tokens.same(token, expected != null ? expected : UNKNOWN_PROJECT_TOKEN);
        if (expected == null || !matches) {
            throw unauthorized(ctx, BUILD_COMPLETE, "wrong hook token for this project");
        }
        Project project = named.get();
        ReviewService.Accepted accepted;
        try {
            accepted = reviews.preview(new ReviewService.Build(project.id(), required(params, "image"),
                    required(params, "type"), required(params, "target"), BUILD_HOOK));
        } catch (RefusedException refused) {
            // Outside the command dispatcher, so kept here: a build refused while an earlier one still deploys.
            denied.refused(BUILD_HOOK, new ChatOrigin("hook", BUILD_COMPLETE, null),
                    new DeniedAttempts.Attempt("build", project.id(), null, null), refused.refusal().code(),
                    refused.refusal().message());
            throw refused;
        }
        ctx.status(accepted.created() ? 202 : 200).json(Map.of("deployment", accepted.deploymentId(),
                "created", accepted.created()));
    }

    /**
     * {@code ?token=T} or {@code ?T=true} (as notify.sh scripts send it), {@code source}, {@code result}
     * (success or failure), {@code channel} and {@code timestamp} (the thread that reports the deployment).
     */
    private void notify(Context ctx) {
        Map<String, String> params = params(ctx);
        if (!notifyAuthorised(params)) {
            throw unauthorized(ctx, NOTIFY, "missing or wrong notify token");
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
            named |= Tokens.same(param.getKey(), notifyToken) && "true".equalsIgnoreCase(param.getValue());
        }
        return named | Tokens.same(params.get("token"), notifyToken);
    }

    /** A provider's hook, as its backend package handles it. */
    private void provider(ProviderHook hook, Context ctx) {
        Map<String, String> headers = new HashMap<>();
        ctx.headerMap().forEach(headers::put);
        Map<String, String> query = new HashMap<>();
        ctx.queryParamMap().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
        HookAnswer answer = hook.handle(new HookRequest(headers, query, ctx.bodyAsBytes()), hooks);
        if (answer.status() == 401) {
            countUnauthorized(ctx, hook.path());
        }
        ctx.status(answer.status()).json(answer.json());
    }

    /** The 401 to throw, counted first. */
    private UnauthorizedResponse unauthorized(Context ctx, String path, String why) {
        countUnauthorized(ctx, path);
        return new UnauthorizedResponse(why);
    }

    /** Counted under the hook's name, the last part of its path: {@code /hooks/github} is {@code github}. */
    private void countUnauthorized(Context ctx, String path) {
        denied.badSignature(path.substring(path.lastIndexOf('/') + 1), path, ctx.req().getRemoteAddr());
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
}
