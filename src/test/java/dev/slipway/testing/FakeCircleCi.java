package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CircleCI's API v2 on 127.0.0.1, speaking the wire format of {@code circleci-trigger-pipeline.json}, for one project
 * ({@link #PROJECT_SLUG} unless told otherwise) and one personal token, sent as {@code Circle-Token} or as the user
 * of HTTP Basic (else 401 {@code Permission denied}). It answers:
 * <ul>
 *   <li>{@code POST /api/v2/project/{slug}/pipeline}: 201 {@code {id, state:"pending", number, created_at}}, ids
 *   UUIDs and numbers counting up from {@value #FIRST_NUMBER}; 404 {@code Project not found} for another slug; 400
 *   for both branch and tag, or a parameter the project does not declare ({@code Unexpected argument(s): ...}).
 *   Each pipeline gets one workflow, {@code deploy}, running until cancelled or {@linkplain #completeWorkflow
 *   completed};</li>
 *   <li>{@code GET /api/v2/project/{slug}/pipeline?branch=&page-token=}: newest first, {@link #pageSize} a page, with
 *   {@code next_page_token};</li>
 *   <li>{@code GET /api/v2/pipeline/{id}}, {@code GET /api/v2/pipeline/{id}/workflow} and
 *   {@code POST /api/v2/workflow/{id}/cancel} (202; an ended workflow stays as it is).</li>
 * </ul>
 * Every request is recorded; rudeness can be ordered for the next triggers: an answer ({@link #answerNext}, e.g. 429
 * with {@code Retry-After}), a delay, a dropped connection, or a pipeline created and never answered
 * ({@link #createThenHang}). It also sends the signed webhooks CircleCI would send about its pipelines, shaped like
 * {@code circleci-workflow-completed.json} and {@code circleci-job-completed.json}.
 */
public final class FakeCircleCi implements AutoCloseable {
    public static final String PROJECT_SLUG = "gh/acme-corp/web-api";
    public static final long FIRST_NUMBER = 1207;
    public static final String PERMISSION_DENIED = "{\"message\":\"Permission denied\"}";
    public static final String PROJECT_NOT_FOUND = "{\"message\":\"Project not found\"}";

    private static final Pattern PROJECT_PIPELINES = Pattern.compile("/api/v2/project/(.+)/pipeline");
    private static final Pattern PIPELINE = Pattern.compile("/api/v2/pipeline/([^/]+)(/workflow)?");
    private static final Pattern CANCEL = Pattern.compile("/api/v2/workflow/([^/]+)/cancel");
    private static final Set<String> ACTIVE = Set.of("running", "on_hold", "failing");
    private static final String REVISION = "3f1c2d4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as it arrived; {@code path} is raw, {@code json} the body read as JSON (null when it is not). */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body,
                          JsonNode json) {
        /** The first value of a header, whatever its case, or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** A pipeline the fake created, with the one workflow it runs. */
    public record Pipeline(String id, long number, String branch, String tag, Map<String, String> parameters,
                           Instant createdAt, String workflowId, String triggerType) {
    }

    /** A webhook delivery as CircleCI sends it: headers and the exact body bytes. */
    public record Delivery(Map<String, String> headers, byte[] body) {
    }

    private record Answer(int status, String body, Map<String, String> headers) {
    }

    /** What the next trigger does instead of answering normally. */
    private sealed interface Rudeness {
    }

    private record Canned(Answer answer) implements Rudeness {
    }

    private record Drop() implements Rudeness {
    }

    private record Hang() implements Rudeness {
    }

    private final String slug;
    private final String token;
    private final Set<String> declaredParameters;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-circleci");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Pipeline> pipelines = new CopyOnWriteArrayList<>();
    private final Map<String, String> workflowStatuses = new ConcurrentHashMap<>();
    private final Deque<Rudeness> rudeness = new ArrayDeque<>();
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private final AtomicLong nextNumber = new AtomicLong(FIRST_NUMBER);
    private final AtomicInteger pageSize = new AtomicInteger(20);
    private volatile URI webhookUrl;
    private volatile String webhookSecret;
    private volatile Delivery lastDelivery;

    /** The fake for project {@link #PROJECT_SLUG}, declaring {@code parameters}. */
    public FakeCircleCi(String token, Set<String> parameters) {
        this(PROJECT_SLUG, token, parameters);
    }

    public FakeCircleCi(String projectSlug, String token, Set<String> parameters) {
        this.slug = Objects.requireNonNull(projectSlug, "projectSlug");
        this.token = Objects.requireNonNull(token, "token");
        this.declaredParameters = Set.copyOf(parameters);
        server = LoopbackHttp.serve(this::handle, executor);
    }

    /** The API base, like {@code https://circleci.com}: {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every pipeline created so far, in order. */
    public List<Pipeline> pipelines() {
        return List.copyOf(pipelines);
    }

    /**
     * A pipeline that was not triggered through this fake's API, e.g. by a push ({@code triggerType}
     * {@code webhook}) or long ago; {@code tag} or {@code branch} is null.
     */
    public Pipeline seedPipeline(String branch, String tag, Instant createdAt, String triggerType) {
        return add(branch, tag, Map.of(), createdAt.truncatedTo(ChronoUnit.MILLIS), triggerType);
    }

    private Pipeline add(String branch, String tag, Map<String, String> parameters, Instant createdAt,
                         String triggerType) {
        Pipeline pipeline = new Pipeline(UUID.randomUUID().toString(), nextNumber.getAndIncrement(), branch, tag,
                parameters, createdAt, UUID.randomUUID().toString(), triggerType);
        workflowStatuses.put(pipeline.workflowId(), "running");
        pipelines.add(pipeline);
        return pipeline;
    }

    /** How many pipelines a page of the list holds (20 unless set). */
    public void pageSize(int size) {
        pageSize.set(size);
    }

    /** The status of the pipeline's workflow: {@code running} until cancelled or completed. */
    public String workflowStatus(String pipelineId) {
        return workflowStatuses.get(pipeline(pipelineId).workflowId());
    }

    /** The next trigger is answered with {@code status}, {@code body} and {@code headers} instead of being handled. */
    public synchronized void answerNext(int status, String body, Map<String, String> headers) {
        rudeness.add(new Canned(new Answer(status, body, Map.copyOf(headers))));
    }

    /** The next trigger is throttled: 429 with {@code Retry-After}. */
    public void throttleNext(int retryAfterSeconds) {
        answerNext(429, "{\"message\":\"Rate limit exceeded\"}", Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** The next trigger's connection is closed without an answer, and nothing is created. */
    public synchronized void dropNext() {
        rudeness.add(new Drop());
    }

    /** The next trigger creates its pipeline and then never answers (until the fake closes). */
    public synchronized void createThenHang() {
        rudeness.add(new Hang());
    }

    /** Every answer from now on waits this long before it is written; {@link Duration#ZERO} to stop. */
    public void delayResponses(Duration delay) {
        this.delay.set(delay);
    }

    /** Where {@link #completeWorkflow} and {@link #completeJob} deliver, signing with {@code secret}. */
    public void deliverWebhooksTo(URI url, String secret) {
        this.webhookUrl = url;
        this.webhookSecret = secret;
    }

    /**
     * The signed {@code workflow-completed} delivery about the pipeline's workflow ending with {@code status}
     * ({@code success}, {@code failed}, {@code error}, {@code canceled}, {@code unauthorized}), each call a new
     * payload id; the workflow takes that status. Signed with {@code secret}.
     */
    public Delivery workflowCompleted(String pipelineId, String status, String secret) {
        Pipeline pipeline = pipeline(pipelineId);
        workflowStatuses.put(pipeline.workflowId(), status);
        ObjectNode payload = envelope("workflow-completed");
        workflow(payload.putObject("workflow"), pipeline).put("status", status);
        pipeline(payload.putObject("pipeline"), pipeline);
        return delivery("workflow-completed", payload, secret);
    }

    /** The signed {@code job-completed} delivery about the pipeline's {@code deploy} job ending with {@code status}. */
    public Delivery jobCompleted(String pipelineId, String status, String secret) {
        Pipeline pipeline = pipeline(pipelineId);
        ObjectNode payload = envelope("job-completed");
        pipeline(payload.putObject("pipeline"), pipeline);
        workflow(payload.putObject("workflow"), pipeline);
        Instant stopped = pipeline.createdAt().plusSeconds(330);
        payload.putObject("job").put("id", UUID.randomUUID().toString()).put("name", "deploy")
                .put("started_at", pipeline.createdAt().plusSeconds(58).toString()).put("stopped_at", stopped.toString())
                .put("status", status).put("number", 48211 + pipeline.number() - FIRST_NUMBER);
        return delivery("job-completed", payload, secret);
    }

    /** Delivers {@link #workflowCompleted} to the webhook URL; the HTTP status it got. */
    public int completeWorkflow(String pipelineId, String status) {
        return deliver(workflowCompleted(pipelineId, status, requireSecret()));
    }

    /** Delivers {@link #jobCompleted} to the webhook URL; the HTTP status it got. */
    public int completeJob(String pipelineId, String status) {
        return deliver(jobCompleted(pipelineId, status, requireSecret()));
    }

    /** Delivers the last delivery again, as CircleCI may; the HTTP status it got. */
    public int redeliver() {
        Delivery last = lastDelivery;
        if (last == null) {
            throw new IllegalStateException("nothing was delivered yet");
        }
        return deliver(last);
    }

    /** POSTs {@code delivery} to the webhook URL; the HTTP status it got. */
    public int deliver(Delivery delivery) {
        if (webhookUrl == null) {
            throw new IllegalStateException("deliverWebhooksTo was not called");
        }
        lastDelivery = delivery;
        HttpRequest.Builder request = HttpRequest.newBuilder(webhookUrl).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        delivery.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("user-agent")) {
                request.header(name, value);
            }
        });
        // The JDK client sets its own User-Agent unless one is given; CircleCI's is given here.
        request.setHeader("User-Agent", delivery.headers().get("user-agent"));
        return LoopbackHttp.send(request).statusCode();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    // --- webhooks

    private String requireSecret() {
        if (webhookSecret == null) {
            throw new IllegalStateException("deliverWebhooksTo was not called");
        }
        return webhookSecret;
    }

    private Pipeline pipeline(String pipelineId) {
        return pipelines.stream().filter(p -> p.id().equals(pipelineId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pipeline " + pipelineId));
    }

    private ObjectNode envelope(String type) {
        ObjectNode payload = JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("type", type)
                .put("happened_at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        payload.putObject("webhook").put("id", "a1a1a1a1-b2b2-4c3c-8d4d-e5e5e5e5e5e5").put("name", "deploybot");
        payload.putObject("project").put("id", "11111111-2222-4333-8444-555555555555")
                .put("name", slug.substring(slug.lastIndexOf('/') + 1)).put("slug", slug);
        payload.putObject("organization").put("id", "66666666-7777-4888-9999-aaaaaaaaaaaa").put("name", "acme-corp");
        return payload;
    }

    private ObjectNode workflow(ObjectNode workflow, Pipeline pipeline) {
        return workflow.put("id", pipeline.workflowId()).put("name", "deploy-production")
                .put("created_at", pipeline.createdAt().plusMillis(489).toString())
                .put("stopped_at", pipeline.createdAt().plusSeconds(338).toString())
                .put("url", "https://app.circleci.com/pipelines/" + slug + "/" + pipeline.number() + "/workflows/"
                        + pipeline.workflowId());
    }

    private void pipeline(ObjectNode node, Pipeline pipeline) {
        node.put("id", pipeline.id()).put("number", pipeline.number())
                .put("created_at", pipeline.createdAt().toString());
        node.putObject("trigger").put("type", pipeline.triggerType());
        ObjectNode vcs = node.putObject("vcs").put("provider_name", "github")
                .put("origin_repository_url", "https://github.com/" + slug.substring(slug.indexOf('/') + 1))
                .put("target_repository_url", "https://github.com/" + slug.substring(slug.indexOf('/') + 1))
                .put("revision", REVISION);
        ObjectNode commit = vcs.putObject("commit").put("subject", "Bump version to 2.14.0").put("body", "");
        commit.putObject("author").put("name", "Alice Example").put("email", "alice@acme.example.com");
        commit.put("authored_at", "2024-05-31T15:58:30Z");
        commit.putObject("committer").put("name", "Alice Example").put("email", "alice@acme.example.com");
        commit.put("committed_at", "2024-05-31T15:58:30Z");
        if (pipeline.tag() != null) {
            vcs.put("tag", pipeline.tag());
        } else {
            vcs.put("branch", pipeline.branch());
        }
    }

    private Delivery delivery(String type, ObjectNode payload, String secret) {
        byte[] body = payload.toPrettyString().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", "CircleCI-Webhook/1.0");
        headers.put("circleci-event-type", type);
        headers.put("circleci-signature", "v1=" + hmac(secret, body));
        return new Delivery(Collections.unmodifiableMap(headers), body);
    }

    // Computed here rather than borrowed from the hook, so that the fake checks the hook instead of agreeing with it.
    private static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- the API

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), Collections.unmodifiableMap(headers), body, json(body));
            requests.add(request);
            if (!sleep(delay.get())) {
                return;
            }
            Answer answer;
            boolean trigger = request.method().equals("POST") && PROJECT_PIPELINES.matcher(request.path()).matches();
            Rudeness rude = trigger ? nextRudeness() : null;
            if (rude instanceof Drop) {
                return; // closing the exchange unanswered closes the connection
            } else if (rude instanceof Canned canned) {
                answer = canned.answer();
            } else {
                answer = answer(request);
                if (rude instanceof Hang) {
                    closing.await();
                    return;
                }
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Rudeness nextRudeness() {
        return rudeness.poll();
    }

    private boolean sleep(Duration duration) {
        if (duration.isZero()) {
            return true;
        }
        try {
            return !closing.await(duration.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Answer answer(Request request) {
        if (!authorized(request)) {
            return new Answer(401, PERMISSION_DENIED, Map.of());
        }
        Matcher project = PROJECT_PIPELINES.matcher(request.path());
        if (project.matches()) {
            if (!slug.equals(decodeSegments(project.group(1)))) {
                return new Answer(404, PROJECT_NOT_FOUND, Map.of());
            }
            return switch (request.method()) {
                case "POST" -> trigger(request);
                case "GET" -> list(query(request.query()));
                default -> new Answer(405, "{\"message\":\"Method not allowed\"}", Map.of());
            };
        }
        Matcher pipeline = PIPELINE.matcher(request.path());
        if (pipeline.matches() && request.method().equals("GET")) {
            String id = decode(pipeline.group(1));
            Pipeline found = pipelines.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
            if (found == null) {
                return new Answer(404, "{\"message\":\"Pipeline not found\"}", Map.of());
            }
            return new Answer(200, pipeline.group(2) == null ? pipelineJson(found).toString() : workflows(found),
                    Map.of());
        }
        Matcher cancel = CANCEL.matcher(request.path());
        if (cancel.matches() && request.method().equals("POST")) {
            String id = decode(cancel.group(1));
            String status = workflowStatuses.get(id);
            if (status == null) {
                return new Answer(404, "{\"message\":\"Workflow not found\"}", Map.of());
            }
            if (ACTIVE.contains(status)) {
                workflowStatuses.put(id, "canceled");
            }
            return new Answer(202, "{\"message\":\"Accepted.\"}", Map.of());
        }
        return new Answer(404, "{\"message\":\"Not found\"}", Map.of());
    }

    private boolean authorized(Request request) {
        if (token.equals(request.header("Circle-Token"))) {
            return true;
        }
        String authorization = request.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String user = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                return token.equals(user.contains(":") ? user.substring(0, user.indexOf(':')) : user);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return false;
    }

    private Answer trigger(Request request) {
        JsonNode body = request.json() == null ? JSON.createObjectNode() : request.json();
        if (!body.isObject()) {
            return new Answer(400, "{\"message\":\"Invalid input\"}", Map.of());
        }
        if (body.has("branch") && body.has("tag")) {
            return new Answer(400, "{\"message\":\"Only one of branch or tag may be specified\"}", Map.of());
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        Set<String> unexpected = new LinkedHashSet<>();
        body.path("parameters").properties().forEach(p -> {
            parameters.put(p.getKey(), p.getValue().asText());
            if (!declaredParameters.contains(p.getKey())) {
                unexpected.add(p.getKey());
            }
        });
        if (!unexpected.isEmpty()) {
            ObjectNode message = JSON.createObjectNode()
                    .put("message", "Unexpected argument(s): " + String.join(", ", unexpected));
            return new Answer(400, message.toString(), Map.of());
        }
        String tag = body.path("tag").asText(null);
        String branch = tag != null ? null : body.path("branch").asText("main");
        Pipeline pipeline = add(branch, tag, Collections.unmodifiableMap(parameters),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), "api");
        ObjectNode answer = JSON.createObjectNode().put("id", pipeline.id()).put("state", "pending")
                .put("number", pipeline.number()).put("created_at", pipeline.createdAt().toString());
        return new Answer(201, answer.toString(), Map.of());
    }

    private Answer list(Map<String, String> query) {
        String branch = query.get("branch");
        List<Pipeline> matching = new ArrayList<>();
        for (Pipeline pipeline : pipelines) {
            if (branch == null || branch.equals(pipeline.branch())) {
                matching.add(pipeline);
            }
        }
        matching.sort(java.util.Comparator.comparing(Pipeline::createdAt).thenComparing(Pipeline::number).reversed());
        int start = 0;
        String pageToken = query.get("page-token");
        if (pageToken != null) {
            try {
                start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return new Answer(400, "{\"message\":\"Invalid page-token\"}", Map.of());
            }
        }
        int end = Math.min(matching.size(), start + pageSize.get());
        ObjectNode page = JSON.createObjectNode();
        ArrayNode items = page.putArray("items");
        for (Pipeline pipeline : matching.subList(Math.min(start, end), end)) {
            items.add(pipelineJson(pipeline));
        }
        if (end < matching.size()) {
            page.put("next_page_token", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8)));
        } else {
            page.putNull("next_page_token");
        }
        return new Answer(200, page.toString(), Map.of());
    }

    private ObjectNode pipelineJson(Pipeline pipeline) {
        ObjectNode json = JSON.createObjectNode().put("id", pipeline.id());
        json.putArray("errors");
        json.put("project_slug", slug).put("number", pipeline.number()).put("state", "created")
                .put("created_at", pipeline.createdAt().toString()).put("updated_at", pipeline.createdAt().toString());
        json.putObject("trigger").put("type", pipeline.triggerType()).put("received_at", pipeline.createdAt().toString())
                .putObject("actor").put("login", "deploybot").putNull("avatar_url");
        ObjectNode vcs = json.putObject("vcs").put("provider_name", "GitHub").put("revision", REVISION)
                .put("origin_repository_url", "https://github.com/" + slug.substring(slug.indexOf('/') + 1))
                .put("target_repository_url", "https://github.com/" + slug.substring(slug.indexOf('/') + 1));
        if (pipeline.tag() != null) {
            vcs.put("tag", pipeline.tag());
        } else {
            vcs.put("branch", pipeline.branch());
        }
        return json;
    }

    private String workflows(Pipeline pipeline) {
        ObjectNode page = JSON.createObjectNode();
        page.putArray("items").addObject().put("pipeline_id", pipeline.id()).put("id", pipeline.workflowId())
                .put("name", "deploy-production").put("project_slug", slug)
                .put("status", workflowStatuses.get(pipeline.workflowId())).put("started_by", UUID.randomUUID().toString())
                .put("pipeline_number", pipeline.number()).put("created_at", pipeline.createdAt().toString())
                .putNull("stopped_at");
        page.putNull("next_page_token");
        return page.toString();
    }

    private static JsonNode json(String body) {
        try {
            return body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String decodeSegments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            segments.add(decode(segment));
        }
        return String.join("/", segments);
    }

    private static String decode(String component) {
        return URLDecoder.decode(component.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }
}
