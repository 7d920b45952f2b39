package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitLab's pipeline trigger API on 127.0.0.1, speaking the wire format of {@code gitlab-trigger-pipeline.json}:
 * {@code POST /api/v4/projects/:id/trigger/pipeline} for project {@value #PROJECT_ID} ({@value #PROJECT_PATH}),
 * form-encoded or JSON, answered with a Pipeline entity whose ids count up from {@value #FIRST_PIPELINE_ID}.
 * Like GitLab it answers 404 for an unknown project or a wrong trigger token, 400 for a missing ref or a variable
 * that is not a string, and 403 to a request carrying {@code X-Gitlab-Event: Pipeline Hook}. Every request is
 * recorded; failures and slowness can be ordered in advance. It also writes the pipeline webhooks GitLab would
 * send about the pipelines it created, for tests that drive Slipway end to end.
 *
 * <p>With an API token ({@code PRIVATE-TOKEN}, else 401) it also answers, as {@code doc/api/pipelines.md} describes:
 * {@code GET /api/v4/projects/:id/pipelines} filtered by {@code ref}, {@code source} and {@code updated_after},
 * newest first, paginated with {@code page} and {@code per_page} (20 by default, 100 at most) and GitLab's
 * {@code X-Page}, {@code X-Per-Page}, {@code X-Next-Page}, {@code X-Prev-Page}, {@code X-Total},
 * {@code X-Total-Pages} and {@code Link} headers; {@code GET .../pipelines/:pipeline_id/variables}; and
 * {@code POST .../pipelines/:pipeline_id/cancel}, which leaves a finished pipeline as it is. A trigger can be made to
 * create its pipeline and then never answer ({@link #createThenHang}), like a GitLab whose answer is lost.
 */
public final class FakeGitLab implements AutoCloseable {
    public static final long PROJECT_ID = 4242;
    public static final String PROJECT_PATH = "acme/web-api";
    public static final long FIRST_PIPELINE_ID = 88001;
    public static final String NOT_FOUND = "{\"message\":\"404 Not Found\"}";
    public static final String FORBIDDEN = "{\"message\":\"403 Forbidden\"}";

    private static final Pattern TRIGGER_PATH = Pattern.compile("/api/v4/projects/([^/]+)/trigger/pipeline");
    private static final Pattern PIPELINES_PATH =
            Pattern.compile("/api/v4/projects/([^/]+)/pipelines(?:/(\\d+)/(variables|cancel))?");
    public static final String UNAUTHORIZED = "{\"message\":\"401 Unauthorized\"}";
    private static final int DEFAULT_PER_PAGE = 20;
    private static final int MAX_PER_PAGE = 100;
    private static final String SHA = "9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";
    private static final String NO_SHA = "0000000000000000000000000000000000000000";
    private static final Set<String> FINISHED = Set.of("success", "failed", "canceled", "skipped");
    private static final DateTimeFormatter HOOK_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as it arrived. {@code path} is raw ({@code acme%2Fweb-api} stays encoded). */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body,
                          Map<String, String> form) {
        /** The first value of a header, whatever its case, or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** A pipeline the fake created. */
    public record Pipeline(long id, long iid, String ref, Map<String, String> variables, String webUrl,
                           Instant createdAt) {
    }

    private static class Answer {
        private final int status;
        private final String body;

        Answer(int status, String body) {
            this.status = status;
            this.body = body;
        }

        int status() {
            return status;
        }

        String body() {
            return body;
        }
    }

    /** A page of a list, with GitLab's pagination headers. */
    private static final class PagedAnswer extends Answer {
        private final Map<String, String> headers;

        PagedAnswer(String body, Map<String, String> headers) {
            super(200, body);
            this.headers = headers;
        }

        Map<String, String> headers() {
            return headers;
        }
    }

    private final String triggerToken;
    private final String apiToken;
    private final Map<Long, String> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger hangs = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-gitlab");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Pipeline> pipelines = new CopyOnWriteArrayList<>();
    private final Deque<Answer> cannedAnswers = new ArrayDeque<>();
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private final AtomicLong nextId = new AtomicLong(FIRST_PIPELINE_ID);

    /** Starts the fake; a trigger is accepted only with {@code triggerToken}, and no API token is. */
    public FakeGitLab(String triggerToken) {
        this(triggerToken, null);
    }

    /** Starts the fake; the pipelines API answers only to {@code apiToken} (none when null). */
    public FakeGitLab(String triggerToken, String apiToken) {
        this.triggerToken = Objects.requireNonNull(triggerToken, "triggerToken");
        this.apiToken = apiToken;
        server = LoopbackHttp.serve(this::handle, executor);
    }

    /** The base URL, like {@code https://gitlab.example.com}: {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request received so far, in arrival order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every pipeline created so far, in order. */
    public List<Pipeline> pipelines() {
        return List.copyOf(pipelines);
    }

    /** The next {@code times} requests get this answer instead of being handled, e.g. 503 or 400 with a message. */
    public void answerNext(int times, int status, String body) {
        synchronized (cannedAnswers) {
            for (int i = 0; i < times; i++) {
                cannedAnswers.add(new Answer(status, body));
            }
        }
    }

    /**
     * The next {@code times} triggers create their pipeline and then never answer (until the fake closes): the
     * caller times out not knowing that a pipeline exists.
     */
    public void createThenHang(int times) {
        hangs.addAndGet(times);
    }

    /** The pipeline's status: {@code created} until cancelled or {@linkplain #setStatus set}. */
    public String status(long pipelineId) {
        return statuses.get(pipelineId);
    }

    public void setStatus(long pipelineId, String status) {
        statuses.put(pipelineId, status);
    }

    /** Every answer from now on waits this long before it is written; {@link Duration#ZERO} to stop. */
    public void delayResponses(Duration delay) {
        this.delay.set(delay);
    }

    /**
     * The body of the {@code Pipeline Hook} webhook GitLab would send about one of the fake's pipelines reaching
     * {@code status} ({@code running}, {@code success}, {@code failed}, {@code canceled} ...), shaped like
     * {@code gitlab-pipeline-event-*.json}.
     */
    public String pipelineHook(long pipelineId, String status) {
        Pipeline pipeline = pipelines.stream().filter(p -> p.id() == pipelineId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pipeline " + pipelineId));
        boolean finished = FINISHED.contains(status);
        Instant finishedAt = pipeline.createdAt().plusSeconds(332);
        ObjectNode hook = JSON.createObjectNode().put("object_kind", "pipeline");
        ObjectNode attributes = hook.putObject("object_attributes")
                .put("id", pipeline.id()).put("iid", pipeline.iid()).put("name", (String) null)
                .put("ref", pipeline.ref()).put("tag", false).put("sha", SHA).put("before_sha", NO_SHA)
                .put("source", "trigger").put("status", status).put("detailed_status", status);
        attributes.putArray("stages").add("deploy");
        attributes.put("created_at", HOOK_TIME.format(pipeline.createdAt()))
                .put("finished_at", finished ? HOOK_TIME.format(finishedAt) : null);
        if (finished) {
            attributes.put("duration", 332).put("queued_duration", 2);
        } else {
            attributes.putNull("duration").putNull("queued_duration");
        }
        ArrayNode variables = attributes.putArray("variables");
        pipeline.variables().forEach((key, value) -> variables.addObject().put("key", key).put("value", value));
        attributes.put("url", pipeline.webUrl());
        hook.putNull("merge_request");
        user(hook.putObject("user")).put("email", "[REDACTED]").remove(List.of("state", "web_url"));
        hook.putObject("project").put("id", PROJECT_ID).put("name", "web-api")
                .put("description", "Acme public web API").put("web_url", url() + "/" + PROJECT_PATH)
                .putNull("avatar_url").put("git_ssh_url", "git@127.0.0.1:" + PROJECT_PATH + ".git")
                .put("git_http_url", url() + "/" + PROJECT_PATH + ".git").put("namespace", "acme")
                .put("visibility_level", 0).put("path_with_namespace", PROJECT_PATH)
                .put("default_branch", "main").putNull("ci_config_path");
        hook.putObject("commit").put("id", SHA).put("message", "Bump version\n").put("title", "Bump version")
                .put("timestamp", "2024-05-31T15:58:30+00:00")
                .put("url", url() + "/" + PROJECT_PATH + "/-/commit/" + SHA)
                .putObject("author").put("name", "Alice Example").put("email", "alice@acme.example.com");
        hook.putArray("builds");
        return hook.toPrettyString();
    }

    /**
     * The headers GitLab sends with a pipeline webhook, as {@code WebHookService#build_headers} sets them;
     * {@code secretToken} goes in {@code X-Gitlab-Token} unless null. One call is one event: a resend reuses
     * the same map, and so the same {@code Idempotency-Key}.
     */
    public Map<String, String> pipelineHookHeaders(String secretToken) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "GitLab/17.0.0");
        headers.put("Idempotency-Key", UUID.randomUUID().toString());
        headers.put("X-Gitlab-Event", "Pipeline Hook");
        headers.put("X-Gitlab-Webhook-UUID", UUID.randomUUID().toString());
        headers.put("X-Gitlab-Instance", url());
        headers.put("X-Gitlab-Event-UUID", UUID.randomUUID().toString());
        if (secretToken != null) {
            headers.put("X-Gitlab-Token", secretToken);
        }
        return Collections.unmodifiableMap(headers);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            String contentType = Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Content-Type"), "");
            Map<String, String> form = contentType.startsWith("application/json") ? flattenJson(body)
                    : contentType.startsWith("application/x-www-form-urlencoded") ? decodeForm(body) : Map.of();
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), Collections.unmodifiableMap(headers), body,
                    Collections.unmodifiableMap(form));
            requests.add(request);
            if (!waitDelay()) {
                return;
            }
            Answer answer = cannedAnswer();
            if (answer == null) {
                answer = PIPELINES_PATH.matcher(request.path()).matches() ? api(request) : trigger(request);
            }
            if (answer.status() == 201 && TRIGGER_PATH.matcher(request.path()).matches()
                    && hangs.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                awaitClose();
                return;
            }
            Map<String, String> pages = answer instanceof PagedAnswer paged ? paged.headers() : Map.of();
            pages.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** False when the fake is closing while a response is held back. */
    private boolean waitDelay() {
        try {
            Thread.sleep(delay.get().toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitClose() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Answer cannedAnswer() {
        synchronized (cannedAnswers) {
            return cannedAnswers.poll();
        }
    }

    // The checks in the order of lib/api/ci/triggers.rb: declared parameters, the variables' shape, the project,
    // then the token (an unknown token is not_found!, indistinguishable from an unknown project).
    private Answer trigger(Request request) {
        Matcher path = TRIGGER_PATH.matcher(request.path());
        if (!path.matches()) {
            return new Answer(404, NOT_FOUND);
        }
        if (!request.method().equals("POST")) {
            return new Answer(405, "{\"message\":\"405 Method Not Allowed\"}");
        }
        if ("Pipeline Hook".equals(request.header("X-Gitlab-Event"))) {
            return new Answer(403, FORBIDDEN);
        }
        Map<String, String> params = request.form();
        if (!params.containsKey("token")) {
            return new Answer(400, "{\"error\":\"token is missing\"}");
        }
        if (!params.containsKey("ref")) {
            return new Answer(400, "{\"error\":\"ref is missing\"}");
        }
        if (params.get("ref").isBlank()) {
            return new Answer(400, "{\"error\":\"ref is empty\"}");
        }
        if (!variablesAreStrings(request)) {
            return new Answer(400, "{\"message\":\"variables needs to be a map of key-valued strings\"}");
        }
        String project = URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
        if (!project.equals(Long.toString(PROJECT_ID)) && !project.equals(PROJECT_PATH)
                || !params.get("token").equals(triggerToken)) {
            return new Answer(404, NOT_FOUND);
        }
        return new Answer(201, pipelineJson(create(params)));
    }

    // lib/api/ci/pipelines.rb: authentication first, then the project, then the pipeline.
    private Answer api(Request request) {
        Matcher path = PIPELINES_PATH.matcher(request.path());
        path.matches();
        if (apiToken == null || !apiToken.equals(request.header("PRIVATE-TOKEN"))) {
            return new Answer(401, UNAUTHORIZED);
        }
        String project = URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
        if (!project.equals(Long.toString(PROJECT_ID)) && !project.equals(PROJECT_PATH)) {
            return new Answer(404, "{\"message\":\"404 Project Not Found\"}");
        }
        if (path.group(2) == null) {
            return request.method().equals("GET") ? list(query(request.query()))
                    : new Answer(405, "{\"message\":\"405 Method Not Allowed\"}");
        }
        long id = Long.parseLong(path.group(2));
        Pipeline pipeline = pipelines.stream().filter(p -> p.id() == id).findFirst().orElse(null);
        if (pipeline == null) {
            return new Answer(404, "{\"message\":\"404 Not found\"}");
        }
        if (path.group(3).equals("variables") && request.method().equals("GET")) {
            ArrayNode variables = JSON.createArrayNode();
            pipeline.variables().forEach((key, value) -> variables.addObject().put("variable_type", "env_var")
                    .put("key", key).put("value", value).put("raw", false));
            return new Answer(200, variables.toString());
        }
        if (path.group(3).equals("cancel") && request.method().equals("POST")) {
            statuses.computeIfPresent(id, (key, status) -> FINISHED.contains(status) ? status : "canceled");
            return new Answer(200, pipelineJson(pipeline));
        }
        return new Answer(405, "{\"message\":\"405 Method Not Allowed\"}");
    }

    private Answer list(Map<String, String> query) {
        Instant updatedAfter = query.containsKey("updated_after") ? Instant.parse(query.get("updated_after")) : null;
        List<Pipeline> matching = pipelines.stream()
                .filter(p -> !query.containsKey("ref") || p.ref().equals(query.get("ref")))
                .filter(p -> !query.containsKey("source") || "trigger".equals(query.get("source")))
                .filter(p -> updatedAfter == null || p.createdAt().isAfter(updatedAfter))
                .sorted((a, b) -> Long.compare(b.id(), a.id()))
                .toList();
        int perPage = Math.min(MAX_PER_PAGE, Math.max(1, Integer.parseInt(query.getOrDefault("per_page",
                Integer.toString(DEFAULT_PER_PAGE)))));
        int page = Math.max(1, Integer.parseInt(query.getOrDefault("page", "1")));
        int totalPages = Math.max(1, (matching.size() + perPage - 1) / perPage);
        ArrayNode body = JSON.createArrayNode();
        matching.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(p -> body.addObject()
                .put("id", p.id()).put("iid", p.iid()).put("project_id", PROJECT_ID).put("sha", SHA)
                .put("ref", p.ref()).put("status", statuses.get(p.id())).put("source", "trigger")
                .put("created_at", p.createdAt().toString()).put("updated_at", p.createdAt().toString())
                .put("web_url", p.webUrl()));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Page", Integer.toString(page));
        headers.put("X-Per-Page", Integer.toString(perPage));
        headers.put("X-Next-Page", page < totalPages ? Integer.toString(page + 1) : "");
        headers.put("X-Prev-Page", page > 1 ? Integer.toString(page - 1) : "");
        headers.put("X-Total", Integer.toString(matching.size()));
        headers.put("X-Total-Pages", Integer.toString(totalPages));
        String base = url() + "/api/v4/projects/" + PROJECT_ID + "/pipelines?per_page=" + perPage + "&page=";
        List<String> links = new java.util.ArrayList<>();
        if (page < totalPages) {
            links.add("<" + base + (page + 1) + ">; rel=\"next\"");
        }
        links.add("<" + base + 1 + ">; rel=\"first\"");
        links.add("<" + base + totalPages + ">; rel=\"last\"");
        headers.put("Link", String.join(", ", links));
        return new PagedAnswer(body.toString(), headers);
    }

    private static Map<String, String> query(String raw) {
        return raw == null ? Map.of() : decodeForm(raw);
    }

    private Pipeline create(Map<String, String> params) {
        Map<String, String> variables = new LinkedHashMap<>();
        params.forEach((key, value) -> {
            if (key.startsWith("variables[") && key.endsWith("]")) {
                variables.put(key.substring("variables[".length(), key.length() - 1), value);
            }
        });
        long id = nextId.getAndIncrement();
        Pipeline pipeline = new Pipeline(id, 512 + id - FIRST_PIPELINE_ID, params.get("ref"),
                Collections.unmodifiableMap(variables), url() + "/" + PROJECT_PATH + "/-/pipelines/" + id,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        pipelines.add(pipeline);
        statuses.put(id, "created");
        return pipeline;
    }

    private String pipelineJson(Pipeline pipeline) {
        ObjectNode json = JSON.createObjectNode()
                .put("id", pipeline.id()).put("iid", pipeline.iid()).put("project_id", PROJECT_ID)
                .put("sha", SHA).put("ref", pipeline.ref())
                .put("status", statuses.getOrDefault(pipeline.id(), "created")).put("source", "trigger")
                .put("created_at", pipeline.createdAt().toString()).put("updated_at", pipeline.createdAt().toString())
                .put("web_url", pipeline.webUrl()).put("before_sha", NO_SHA).put("tag", false)
                .putNull("yaml_errors");
        user(json.putObject("user")).put("state", "active");
        json.putNull("started_at").putNull("finished_at").putNull("committed_at").putNull("duration")
                .putNull("queued_duration").putNull("coverage");
        json.putObject("detailed_status").put("icon", "status_created").put("text", "created")
                .put("label", "created").put("group", "created").put("tooltip", "created").put("has_details", true)
                .put("details_path", "/" + PROJECT_PATH + "/-/pipelines/" + pipeline.id()).putNull("illustration")
                .put("favicon", "/assets/ci_favicons/favicon_status_created.png");
        return json.toString();
    }

    private ObjectNode user(ObjectNode user) {
        return user.put("id", 31).put("username", "deploybot").put("name", "Deploy Bot").put("state", "active")
                .put("avatar_url", url() + "/uploads/-/system/user/avatar/31/avatar.png")
                .put("web_url", url() + "/deploybot");
    }

    /** A form can only carry strings; JSON can carry {@code "REPLICAS": 3}, which GitLab refuses. */
    private static boolean variablesAreStrings(Request request) {
        if (!Objects.requireNonNullElse(request.header("Content-Type"), "").startsWith("application/json")) {
            return true;
        }
        try {
            JsonNode variables = JSON.readTree(request.body()).path("variables");
            return !variables.isObject() || variables.properties().stream().allMatch(v -> v.getValue().isTextual());
        } catch (IOException e) {
            return true;
        }
    }

    private static Map<String, String> decodeForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            form.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return form;
    }

    /** A JSON body as the form it is equivalent to: {@code {"variables":{"K":"v"}}} becomes {@code variables[K]}. */
    private static Map<String, String> flattenJson(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return form;
        }
        if (root == null || !root.isObject()) {
            return form;
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals("variables") && field.getValue().isObject()) {
                for (Map.Entry<String, JsonNode> variable : field.getValue().properties()) {
                    form.put("variables[" + variable.getKey() + "]", variable.getValue().asText());
                }
            } else if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                form.put(field.getKey(), field.getValue().asText());
            }
        }
        return form;
    }
}
