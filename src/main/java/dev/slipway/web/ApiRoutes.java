package dev.slipway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.app.AccessService;
import dev.slipway.app.Dashboard;
import dev.slipway.app.command.Command;
import dev.slipway.app.command.CommandDispatcher;
import dev.slipway.app.command.Invocation;
import dev.slipway.app.command.Reply;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Freeze;
import dev.slipway.domain.Project;
import dev.slipway.domain.Tokens;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON API under {@code /api/v1}: projects, environments (the board), deployments, one deployment, the audit log,
 * and {@code POST /api/v1/deployments}, which deploys through the command dispatcher under the same rules as chat.
 * Every call carries {@code Authorization: Bearer <token>} (from {@code slipway api-token create}); the token's
 * person is who acts. Errors are {@code {"error": "<code>", "message": "<one line>"}}, the codes those of chat
 * ({@link ErrorCode}, in lower case) plus {@code unauthorized}, {@code bad_request} and {@code not_found}.
 */
public final class ApiRoutes {
    static final String PREFIX = "/api/v1";
    /** Deployments asked for through the API carry this channel on the web surface. */
    static final String CHANNEL = "api";
    static final int DEFAULT_LIMIT = 50;
    static final int MOST = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

    private final Dashboard dashboard;
    private final CommandDispatcher dispatcher;
    private final AccessService access;

    public ApiRoutes(Dashboard dashboard, CommandDispatcher dispatcher, AccessService access) {
        this.dashboard = dashboard;
        this.dispatcher = dispatcher;
        this.access = access;
    }

    public void register(JavalinConfig config) {
        config.routes.get(PREFIX + "/projects", authorized((ctx, user) -> ctx.json(projects())));
        config.routes.get(PREFIX + "/environments", authorized((ctx, user) -> ctx.json(environments())));
        config.routes.get(PREFIX + "/deployments", authorized(this::deployments));
        config.routes.get(PREFIX + "/deployments/{id}", authorized(this::deployment));
        config.routes.get(PREFIX + "/audit", authorized(this::audit));
        config.routes.post(PREFIX + "/deployments", authorized(this::deploy));
        config.routes.post(PREFIX + "/deployments/{id}/{step}", authorized(this::step));
        // Registered last, so they match only what no route above does: an API path answers in the API's shape.
        Handler notFound = ctx -> error(ctx, HttpStatus.NOT_FOUND, "not_found",
                "there is no " + ctx.method() + " " + ctx.path() + " in the API");
        config.routes.get(PREFIX + "/<rest>", notFound);
        config.routes.post(PREFIX + "/<rest>", notFound);
        config.routes.put(PREFIX + "/<rest>", notFound);
        config.routes.patch(PREFIX + "/<rest>", notFound);
        config.routes.delete(PREFIX + "/<rest>", notFound);
    }

    @FunctionalInterface
    private interface UserHandler {
        void handle(Context ctx, String user) throws Exception;
    }

    /** A call with a valid bearer token, for the token's person; anything else 401s before any work. */
    private Handler authorized(UserHandler handler) {
        return ctx -> {
            ctx.header("Cache-Control", "no-store");
            String token = Tokens.bearer(ctx.header("Authorization"));
            Optional<String> user = token != null && Forms.isToken(token) ? access.apiUser(token) : Optional.empty();
            if (user.isEmpty()) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"slipway\"");
                error(ctx, HttpStatus.UNAUTHORIZED, "unauthorized",
                        "send Authorization: Bearer <token>, a token from slipway api-token create");
                return;
            }
            handler.handle(ctx, user.get());
        };
    }

    private static void error(Context ctx, HttpStatus status, String code, String message) {
        ctx.status(status).json(Map.of("error", code, "message", message));
    }

    private List<Map<String, Object>> projects() {
        List<Map<String, Object>> projects = new ArrayList<>();
        for (Project p : dashboard.projects().list()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", p.id());
            json.put("name", p.name());
            json.put("owners", p.owners());
            json.put("qa", p.qa());
            json.put("environments", p.environmentNames());
            projects.add(json);
        }
        return projects;
    }

    private List<Map<String, Object>> environments() {
        List<Map<String, Object>> environments = new ArrayList<>();
        for (Dashboard.Row row : dashboard.board().rows()) {
            for (Dashboard.Cell cell : row.cells()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("project", row.project().id());
                json.put("environment", cell.environment().name());
                json.put("current", cell.current().map(JsonViews::deployment).orElse(null));
                json.put("active", cell.active().map(JsonViews::deployment).orElse(null));
                json.put("waiting", cell.waiting().stream().map(w -> {
                    Map<String, Object> waiting = JsonViews.deployment(w.deployment());
                    waiting.put("approvedBy", w.approvedBy());
                    waiting.put("approvalsRequired", w.approvalsRequired());
                    return waiting;
                }).toList());
                json.put("lock", cell.lock().map(ApiRoutes::lock).orElse(null));
                json.put("freeze", cell.freeze().map(ApiRoutes::freeze).orElse(null));
                environments.add(json);
            }
        }
        return environments;
    }

    private static Map<String, Object> lock(EnvironmentLock lock) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("holder", lock.holder());
        json.put("reason", lock.reason());
        json.put("since", JsonViews.time(lock.since()));
        return json;
    }

    private static Map<String, Object> freeze(Freeze freeze) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("reason", freeze.reason());
        json.put("until", JsonViews.time(freeze.until()));
        json.put("by", freeze.by());
        return json;
    }

    private void deployments(Context ctx, String user) {
        Set<DeploymentState> states = EnumSet.noneOf(DeploymentState.class);
        String stateText = Forms.query(ctx, "state");
        if (stateText != null) {
            for (String label : stateText.split(",")) {
                Optional<DeploymentState> state = state(label.strip());
                if (state.isEmpty()) {
                    error(ctx, HttpStatus.BAD_REQUEST, "bad_request", "state takes one or more of "
                            + String.join(", ", EnumSet.allOf(DeploymentState.class).stream()
                            .map(DeploymentState::label).toList()) + ", separated by commas");
                    return;
                }
                states.add(state.get());
            }
        }
        String limitText = Forms.query(ctx, "limit");
        Long limit = limitText == null ? Long.valueOf(DEFAULT_LIMIT) : Forms.id(limitText);
        if (limit == null || limit < 1 || limit > MOST) {
            error(ctx, HttpStatus.BAD_REQUEST, "bad_request", "limit must be a number from 1 to " + MOST);
            return;
        }
        ctx.json(Map.of("deployments", dashboard.deployments(Forms.query(ctx, "project"),
                Forms.query(ctx, "environment"), states, limit.intValue()).stream().map(JsonViews::deployment).toList()));
    }

    private static Optional<DeploymentState> state(String label) {
        return EnumSet.allOf(DeploymentState.class).stream().filter(s -> s.label().equals(label)).findFirst();
    }

    private void deployment(Context ctx, String user) {
        Long id = Forms.id(ctx.pathParam("id"));
        Optional<Dashboard.DeploymentView> view = id == null ? Optional.empty() : dashboard.deployment(id);
        if (view.isEmpty()) {
            error(ctx, HttpStatus.NOT_FOUND, "unknown_deployment", "There is no deployment #" + ctx.pathParam("id") + ".");
            return;
        }
        Map<String, Object> json = JsonViews.deployment(view.get().deployment());
        json.put("approvalsRequired", view.get().approvalsRequired());
        json.put("verdicts", view.get().verdicts().stream().map(v -> Map.of("reviewer", v.reviewer(),
                "verdict", v.kind().label(), "at", v.at().toString())).toList());
        json.put("links", view.get().links().stream().map(link -> Map.of("label", link.label(), "url", link.url()))
                .toList());
        json.put("timeline", view.get().timeline().stream().map(JsonViews::event).toList());
        json.put("output", view.get().output().orElse(view.get().deployment().outputTail()));
        ctx.json(json);
    }

    private void audit(Context ctx, String user) {
        AuditFilter.Result read = AuditFilter.read(ctx);
        if (read.problem() != null) {
            error(ctx, HttpStatus.BAD_REQUEST, "bad_request", read.problem());
            return;
        }
        Dashboard.AuditPage found = dashboard.audit(read.query());
        ctx.json(Map.of("total", found.total(), "events", found.events().stream().map(JsonViews::event).toList()));
    }

    /**
     * Deploys {@code {"project", "environment", "ref"}} for the token's person. An {@code Idempotency-Key} header makes
     * a retried call deploy once: the retry gets 200 with the first call's deployment and
     * {@code "duplicate": true}.
     */
    private void deploy(Context ctx, String user) {
        Optional<JsonNode> read = object(ctx, false);
        if (read.isEmpty()) {
            return;
        }
        JsonNode body = read.get();
        String project = text(body, "project");
        String environment = text(body, "environment");
        String ref = text(body, "ref");
        if (project == null || environment == null || ref == null) {
            error(ctx, HttpStatus.BAD_REQUEST, "bad_request",
                    "project, environment and ref are each required, as strings of at most " + Forms.MAX_FIELD);
            return;
        }
        String key = ctx.header("Idempotency-Key");
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            error(ctx, HttpStatus.BAD_REQUEST, "bad_request",
                    "Idempotency-Key takes 1 to 200 letters, digits and . _ : -");
            return;
        }
        // The key names the asking "message" too, so that a retry can be told which deployment its first call made.
        String asked = key == null ? null : "api:" + user + ":" + key;
        Reply reply = dispatcher.dispatch(new Command.Deploy(project, ref, environment), new Invocation(user,
                new ChatOrigin(WebSurface.SURFACE, CHANNEL, asked), asked));
        if (refused(ctx, reply)) {
            return;
        }
        if (reply.duplicate()) {
            Map<String, Object> json = answer(dashboard.askedBy(CHANNEL, asked).map(Deployment::id), reply);
            json.put("duplicate", true);
            ctx.status(HttpStatus.OK).json(json);
        } else {
            ctx.status(HttpStatus.CREATED).json(answer(reply.deploymentId(), reply));
        }
    }

    /** The steps a deployment may be asked to take through the API, as on its page. */
    private static final java.util.Set<WebAction> STEPS = EnumSet.of(WebAction.CONFIRM, WebAction.APPROVE,
            WebAction.REJECT, WebAction.CANCEL, WebAction.RETRY);

    /**
     * {@code POST /api/v1/deployments/{id}/confirm|approve|reject|cancel|retry}, for the token's person, under the same
     * rules as chat; a rejection may carry {@code {"reason": "…"}}. Answers the deployment as it is after the step (a
     * retry: the new deployment) with the step's message.
     */
    private void step(Context ctx, String user) {
        Long id = Forms.id(ctx.pathParam("id"));
        Optional<WebAction> step = WebAction.named(ctx.pathParam("step")).filter(STEPS::contains);
        if (id == null || step.isEmpty()) {
            error(ctx, HttpStatus.NOT_FOUND, "not_found", "POST /api/v1/deployments/{id}/ takes confirm, approve, "
                    + "reject, cancel or retry");
            return;
        }
        Optional<JsonNode> body = object(ctx, true);
        if (body.isEmpty()) {
            return;
        }
        String reason = text(body.get(), "reason");
        Command command = step.get().command(new WebAction.Fields(null, null, null, id, reason)).orElseThrow();
        Reply reply = dispatcher.dispatch(command, new Invocation(user, new ChatOrigin(WebSurface.SURFACE, CHANNEL,
                null), null));
        if (!refused(ctx, reply)) {
            ctx.json(answer(reply.deploymentId().or(() -> Optional.of(id)), reply));
        }
    }

    /**
     * The body as a JSON object; or, having answered 400, empty. {@code mayBeEmpty}: a blank body reads as an empty
     * object.
     */
    private static Optional<JsonNode> object(Context ctx, boolean mayBeEmpty) {
        if (mayBeEmpty && ctx.body().isBlank()) {
            return Optional.of(JSON.createObjectNode());
        }
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            error(ctx, HttpStatus.BAD_REQUEST, "bad_request", "the body is not JSON");
            return Optional.empty();
        }
        if (body == null || !body.isObject()) {
            error(ctx, HttpStatus.BAD_REQUEST, "bad_request",
                    "the body must be a JSON object" + (mayBeEmpty ? ", or empty" : ""));
            return Optional.empty();
        }
        return Optional.of(body);
    }

    /** Answers a refusal with its code's status, code and message; false, answering nothing, when it is none. */
    private static boolean refused(Context ctx, Reply reply) {
        if (!reply.isRefusal()) {
            return false;
        }
        ErrorCode code = reply.refusal().get();
        error(ctx, HttpStatus.forStatus(code.httpStatus()), code.name().toLowerCase(Locale.ROOT), reply.text());
        return true;
    }

    /** The deployment as it is now, when there is one, and the reply's message. */
    private Map<String, Object> answer(Optional<Long> deployment, Reply reply) {
        Map<String, Object> json = new LinkedHashMap<>();
        deployment.flatMap(dashboard::deployment).ifPresent(view -> json.putAll(JsonViews.deployment(view.deployment())));
        json.put("message", reply.text());
        return json;
    }

    /** A string field of at most {@link Forms#MAX_FIELD} characters, or null. */
    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank() || value.asText().length() > Forms.MAX_FIELD) {
            return null;
        }
        return value.asText().strip();
    }
}
