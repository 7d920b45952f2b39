package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.backend.azure.AzureAccount;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Entra's token endpoint and Azure Resource Manager's Automation jobs on 127.0.0.1, speaking the wire
 * format of the {@code azure-*.json} fixtures, for one service principal ({@link #CLIENT_ID}, {@link #CLIENT_SECRET}
 * in tenant {@link #TENANT}) and one automation account ({@link #SUBSCRIPTION}/{@link #RESOURCE_GROUP}/
 * {@link #AUTOMATION_ACCOUNT}) with one published runbook, {@link #RUNBOOK}. It answers:
 * <ul>
 *   <li>{@code POST {authorityUrl}/{tenant}/oauth2/v2.0/token} (form): {@code {token_type, expires_in, access_token}},
 *   each token new; a wrong secret gets 401 {@code invalid_client} {@code AADSTS7000215}, a scope other than
 *   {@code {managementUrl}/.default} 400 {@code invalid_scope};</li>
 *   <li>{@code PUT .../jobs/{name}}: 201 with the job ({@code status:"New"}); 415 without
 *   {@code Content-Type: application/json}, 404 for an unknown runbook, 400 for an unpublished one. A PUT of a name
 *   that exists answers as a re-create would, with the job as it stands, and is counted ({@link #creates});</li>
 *   <li>{@code GET .../jobs/{name}}: the job, whose status walks its {@link Script} one step each read (or each
 *   {@link #advance}); 404 {@code NotFound} for a job it does not have;</li>
 *   <li>{@code GET .../jobs/{name}/output} ({@code text/plain}), {@code GET .../jobs/{name}/streams} (the script's
 *   error summaries), and {@code POST .../jobs/{name}/stop} (200; the job reads {@code Stopping} once, then
 *   {@code Stopped}; 400 for a job that has ended).</li>
 * </ul>
 * A token not issued by this fake, or {@linkplain #revokeTokens revoked}, gets 401 from ARM. Every request is
 * recorded with when it arrived; rudeness can be ordered for the next calls of a kind ({@link #answerNext}, e.g.
 * 429 with {@code Retry-After}), answers can be delayed, and a create can make its job and then never answer
 * ({@link #createThenHang}).
 */
public final class FakeAzure implements AutoCloseable {
    public static final String TENANT = "99999999-8888-4777-8666-555555555555";
    public static final String CLIENT_ID = "abcdef01-2345-4678-9abc-def012345678";
    public static final String CLIENT_SECRET = "FakeClientSecret~0001";
    public static final String SUBSCRIPTION = "00000000-1111-4222-8333-444444444444";
    public static final String RESOURCE_GROUP = "rg-deploy-prod";
    public static final String AUTOMATION_ACCOUNT = "aa-deploy-prod";
    public static final String RUNBOOK = "Deploy-WebApi";
    public static final String PORTAL_URL = "https://portal.azure.example";
    public static final String API_VERSION = "2023-11-01";
    /** What a job prints unless its script says otherwise: the fixture's output. */
    public static final String OUTPUT = Fixtures.json("azure-job-output.json").path("response").path("body").asText();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx")
            .withZone(ZoneOffset.UTC);
    private static final Pattern TOKEN = Pattern.compile("/login/([^/]+)/oauth2/v2\\.0/token");
    private static final Pattern JOB = Pattern.compile("/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/"
            + "Microsoft\\.Automation/automationAccounts/([^/]+)/jobs/([^/]+)(/output|/streams|/stop)?");

    /**
     * Which calls an ordered answer replaces: token requests, job creates, reads of a job, reads of its output or
     * streams, stop requests.
     */
    public enum Kind { TOKEN, CREATE, READ, OUTPUT, STOP }

    /** One request as it arrived; {@code path} is raw, {@code json} the body read as JSON (null when it is not). */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body,
                          JsonNode json, Instant at) {
        /** The first value of a header, whatever its case, or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The form fields of a form body, decoded. */
        public Map<String, String> form() {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return fields;
        }
    }

    /**
     * The statuses a job walks, one step each time it is read, staying at the last; a step it is
     * {@linkplain #holdingAt held at} waits for {@link #advance}. Also what it prints, its exception and its error
     * streams.
     */
    public static final class Script {
        private final List<String> statuses;
        private final Set<Integer> holds = new HashSet<>();
        private String exception;
        private String output = OUTPUT;
        private List<String> errors = List.of();

        private Script(List<String> statuses) {
            if (statuses.isEmpty()) {
                throw new IllegalArgumentException("a script needs a status");
            }
            this.statuses = List.copyOf(statuses);
        }

        public static Script of(String... statuses) {
            return new Script(List.of(statuses));
        }

        /** New, Running, Completed. */
        public static Script completes() {
            return of("New", "Running", "Completed");
        }

        /** New, Running, Failed with {@code exception}, which is also its one error stream. */
        public static Script fails(String exception) {
            return of("New", "Running", "Failed").exception(exception).errors(exception);
        }

        /** New, then Running until stopped. */
        public static Script runsUntilStopped() {
            return of("New", "Running");
        }

        /** The job stays at (the first) {@code status} until {@link FakeAzure#advance} moves it on. */
        public Script holdingAt(String status) {
            int index = statuses.indexOf(status);
            if (index < 0) {
                throw new IllegalArgumentException("the script has no status " + status);
            }
            holds.add(index);
            return this;
        }

        /** Every step waits for {@link FakeAzure#advance}. */
        public Script stepByStep() {
            for (int i = 0; i < statuses.size(); i++) {
                holds.add(i);
            }
            return this;
        }

        public Script exception(String text) {
            this.exception = text;
            return this;
        }

        public Script output(String text) {
            this.output = text;
            return this;
        }

        public Script errors(String... summaries) {
            this.errors = List.of(summaries);
            return this;
        }
    }

    /** A job as the fake holds it; {@code creates} counts the PUTs of its name. */
    public record Job(String name, String runbook, Map<String, String> parameters, String runOn,
                      String clientRequestId, String status, int creates, Instant creationTime) {
    }

    private static final class JobState {
        final String name;
        final String runbook;
        final Map<String, String> parameters;
        final String runOn;
        final String clientRequestId;
        final Instant created;
        final Script script;
        final String jobId = UUID.randomUUID().toString();
        int index;
        int creates = 1;
        int stoppingReads = -1;
        String stopped;

        JobState(String name, String runbook, Map<String, String> parameters, String runOn, String clientRequestId,
                 Instant created, Script script) {
            this.name = name;
            this.runbook = runbook;
            this.parameters = parameters;
            this.runOn = runOn;
            this.clientRequestId = clientRequestId;
            this.created = created;
            this.script = script;
        }

        String status() {
            if (stopped != null) {
                return stopped;
            }
            return script.statuses.get(index);
        }

        /** The status a read answers; the job then moves on a step. */
        String read() {
            String status = status();
            if (stopped != null) {
                if (stopped.equals("Stopping") && --stoppingReads <= 0) {
                    stopped = "Stopped";
                }
            } else if (!script.holds.contains(index)) {
                step();
            }
            return status;
        }

        void step() {
            if (index < script.statuses.size() - 1) {
                index++;
            }
        }

        boolean ended() {
            return Set.of("Completed", "Failed", "Stopped").contains(status());
        }
    }

    private record Answer(int status, String contentType, String body, Map<String, String> headers) {
    }

    private record Rule(Predicate<Map<String, String>> parameters, Script script) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-azure");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, JobState> jobs = new ConcurrentHashMap<>();
    private final Map<String, Script> scriptsByName = new ConcurrentHashMap<>();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> runbooks = new ConcurrentHashMap<>(Map.of(RUNBOOK, true));
    private final Map<Kind, Deque<Answer>> rudeness = new ConcurrentHashMap<>();
    private final AtomicInteger hangs = new AtomicInteger();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokenCount = new AtomicInteger();
    private final AtomicReference<Duration> tokenLifetime = new AtomicReference<>(Duration.ofSeconds(3599));
    private final AtomicReference<Duration> tokenDelay = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private volatile String secret = CLIENT_SECRET;
    private volatile Script defaultScript = Script.completes();

    public FakeAzure() {
        server = LoopbackHttp.serve(this::handle, executor);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Where tokens come from, like {@code https://login.microsoftonline.com}. */
    public String authorityUrl() {
        return base() + "/login";
    }

    /** Azure Resource Manager, like {@code https://management.azure.com}. */
    public String managementUrl() {
        return base();
    }

    /** An account named {@code name} over this fake, with the portal at {@link #PORTAL_URL}. */
    public AzureAccount account(String name, Duration pollInterval, Duration timeout) {
        return new AzureAccount(name, TENANT, CLIENT_ID, CLIENT_SECRET, SUBSCRIPTION, RESOURCE_GROUP,
                AUTOMATION_ACCOUNT, authorityUrl(), managementUrl(), PORTAL_URL, pollInterval, timeout);
    }

    /** The job's resource id, as ARM gives it. */
    public static String jobId(String name) {
        return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + RESOURCE_GROUP
                + "/providers/Microsoft.Automation/automationAccounts/" + AUTOMATION_ACCOUNT + "/jobs/" + name;
    }

    // --- scripting

    /** The script of jobs no other rule covers: {@link Script#completes()} unless set. */
    public void defaultScript(Script script) {
        this.defaultScript = script;
    }

    /** The job named {@code name}, when it is created, walks {@code script}. */
    public void script(String name, Script script) {
        scriptsByName.put(name, script);
    }

    /** A job created with parameter {@code parameter} set to {@code value} walks {@code script}. */
    public void scriptWhen(String parameter, String value, Script script) {
        rules.add(new Rule(parameters -> value.equals(parameters.get(parameter)), script));
    }

    /** A runbook of the account, published or not (a draft). */
    public void runbook(String name, boolean published) {
        runbooks.put(name, published);
    }

    /** Moves the job a step on, past a step it was held at. */
    public void advance(String name) {
        JobState job = state(name);
        synchronized (job) {
            job.step();
        }
    }

    // --- rudeness

    /** The next call of {@code kind} is answered with {@code status}, a JSON {@code body} and {@code headers}. */
    public void answerNext(Kind kind, int status, String body, Map<String, String> headers) {
        queue(kind).add(new Answer(status, "application/json", body, Map.copyOf(headers)));
    }

    /** The next {@code times} calls of {@code kind} get 429 with {@code Retry-After: seconds}. */
    public void throttle(Kind kind, int times, int retryAfterSeconds) {
        for (int i = 0; i < times; i++) {
            answerNext(kind, 429, error("TooManyRequests", "The request was throttled. (fictional text)"),
                    Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
        }
    }

    /** The next {@code times} calls of {@code kind} get {@code status} (a 5xx, say). */
    public void failNext(Kind kind, int times, int status) {
        for (int i = 0; i < times; i++) {
            answerNext(kind, status, error("InternalServerError", "An internal error occurred. (fictional text)"),
                    Map.of());
        }
    }

    /** The next create is refused: 403 {@code AuthorizationFailed}, in ARM's {@code {"error":{...}}} shape. */
    public void forbidNextCreate() {
        answerNext(Kind.CREATE, 403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client '"
                + CLIENT_ID + "' does not have authorization to perform action"
                + " 'Microsoft.Automation/automationAccounts/jobs/write'. (fictional text)\"}}", Map.of());
    }

    /** The next create makes its job and then never answers (until the fake closes). */
    public void createThenHang() {
        hangs.incrementAndGet();
    }

    /** Whether the token endpoint refuses the secret from now on (AADSTS7000215) or accepts the right one again. */
    public void rejectSecret(boolean reject) {
        this.secret = reject ? "not-" + CLIENT_SECRET : CLIENT_SECRET;
    }

    /** The {@code expires_in} of the tokens issued from now on. */
    public void tokenLifetime(Duration lifetime) {
        tokenLifetime.set(lifetime);
    }

    /** Token answers wait this long; {@link Duration#ZERO} to stop. */
    public void delayTokens(Duration wait) {
        tokenDelay.set(wait);
    }

    /** Every ARM answer waits this long; {@link Duration#ZERO} to stop. */
    public void delayResponses(Duration wait) {
        delay.set(wait);
    }

    /** Every token issued so far is refused by ARM from now on (401), as an expired one is. */
    public void revokeTokens() {
        validTokens.clear();
    }

    // --- what happened

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests with {@code method} whose path ends with {@code suffix}. */
    public List<Request> requests(String method, String suffix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().endsWith(suffix)).toList();
    }

    public int tokenRequests() {
        return tokenCount.get();
    }

    public List<Job> jobs() {
        return jobs.values().stream().map(FakeAzure::view).toList();
    }

    public Optional<Job> job(String name) {
        return Optional.ofNullable(jobs.get(name)).map(FakeAzure::view);
    }

    /** How many PUTs created (or re-created) the job of this name; 0 when there is none. */
    public int creates(String name) {
        JobState job = jobs.get(name);
        return job == null ? 0 : view(job).creates();
    }

    /** How many stop requests the job got. */
    public int stops(String name) {
        return requests("POST", "/jobs/" + name + "/stop").size();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    // --- the endpoints

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), Collections.unmodifiableMap(headers), body, json(body),
                    Instant.now());
            requests.add(request);
            Answer answer;
            Matcher token = TOKEN.matcher(request.path());
            if (token.matches()) {
                sleep(tokenDelay.get());
                Answer rude = queue(Kind.TOKEN).poll();
                answer = rude != null ? rude : token(request, token.group(1));
            } else {
                sleep(delay.get());
                answer = arm(request);
                if (answer == null) {
                    // created, and never answered
                    closing.await();
                    return;
                }
            }
            send(exchange, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Answer token(Request request, String tenant) {
        Map<String, String> form = request.form();
        String contentType = request.header("Content-Type");
        if (!TENANT.equals(tenant)) {
            return tokenError(400, "invalid_request", "AADSTS90002: Tenant '" + tenant + "' not found.", 90002);
        }
        if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")
                || !"client_credentials".equals(form.get("grant_type"))) {
            return tokenError(400, "invalid_request", "AADSTS900144: The request body must contain the following"
                    + " parameter: 'grant_type'.", 900144);
        }
        if (!CLIENT_ID.equals(form.get("client_id"))) {
            return tokenError(400, "unauthorized_client", "AADSTS700016: Application with identifier '"
                    + form.get("client_id") + "' was not found in the directory.", 700016);
        }
        if (!(managementUrl() + "/.default").equals(form.get("scope"))) {
            return tokenError(400, "invalid_scope", "AADSTS1002012: The provided value for scope "
                    + form.get("scope") + " is not valid. (fictional text)", 1002012);
        }
        if (!secret.equals(form.get("client_secret"))) {
            return tokenError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the"
                    + " secret being sent in the request is the client secret value, not the client secret ID, for"
                    + " a secret added to app '" + CLIENT_ID + "'.\r\nTrace ID: aaaaaaaa-0000-4000-8000-000000000002"
                    + "\r\nCorrelation ID: bbbbbbbb-0000-4000-8000-000000000002", 7000215);
        }
        tokenCount.incrementAndGet();
        String value = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.FAKE." + UUID.randomUUID();
        validTokens.add(value);
        ObjectNode json = JSON.createObjectNode().put("token_type", "Bearer")
                .put("expires_in", tokenLifetime.get().toSeconds()).put("access_token", value);
        return new Answer(200, "application/json", json.toString(), Map.of());
    }

    private static Answer tokenError(int status, String error, String description, long code) {
        ObjectNode json = JSON.createObjectNode().put("error", error).put("error_description", description);
        json.putArray("error_codes").add(code);
        json.put("timestamp", "2024-05-31 16:09:00Z").put("trace_id", "aaaaaaaa-0000-4000-8000-000000000001")
                .put("correlation_id", "bbbbbbbb-0000-4000-8000-000000000001");
        return new Answer(status, "application/json", json.toString(), Map.of());
    }

    /** The ARM answer, or null for a create that made its job and hangs. */
    private Answer arm(Request request) {
        String auth = request.header("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring(7))) {
            return new Answer(401, "application/json", "{\"error\":{\"code\":\"InvalidAuthenticationToken\","
                    + "\"message\":\"The access token is invalid or has expired. (fictional text)\"}}", Map.of());
        }
        Matcher path = JOB.matcher(request.path());
        if (!path.matches()) {
            return new Answer(404, "application/json", error("NotFound", "No route for " + request.path()), Map.of());
        }
        String query = request.query() == null ? "" : request.query();
        if (!query.startsWith("api-version=" + API_VERSION)) {
            return new Answer(400, "application/json", error("InvalidApiVersionParameter",
                    "The api-version in '" + query + "' is not one this fake speaks."), Map.of());
        }
        if (!path.group(1).equals(SUBSCRIPTION) || !path.group(2).equals(RESOURCE_GROUP)
                || !path.group(3).equals(AUTOMATION_ACCOUNT)) {
            return new Answer(404, "application/json", error("ParentResourceNotFound",
                    "Can not perform requested operation on nested resource. Parent resource '" + path.group(3)
                            + "' not found."), Map.of());
        }
        String name = URLDecoder.decode(path.group(4), StandardCharsets.UTF_8);
        String sub = path.group(5) == null ? "" : path.group(5);
        Kind kind = switch (request.method()) {
            case "PUT" -> Kind.CREATE;
            case "POST" -> Kind.STOP;
            default -> sub.isEmpty() ? Kind.READ : Kind.OUTPUT;
        };
        Answer rude = queue(kind).poll();
        if (rude != null) {
            return rude;
        }
        if (kind == Kind.CREATE && sub.isEmpty()) {
            return create(request, name);
        }
        JobState job = jobs.get(name);
        if (job == null) {
            return new Answer(404, "application/json", error("NotFound", "The job does not exist. (fictional text)"),
                    Map.of());
        }
        synchronized (job) {
            if (kind == Kind.STOP && sub.equals("/stop")) {
                if (job.ended()) {
                    return new Answer(400, "application/json", error("BadRequest", "Job is " + job.status()
                            + " and cannot be stopped. (fictional text)"), Map.of());
                }
                job.stopped = "Stopping";
                job.stoppingReads = 1;
                return new Answer(200, "application/json", "", Map.of());
            }
            if (kind == Kind.READ || kind == Kind.OUTPUT) {
                return switch (sub) {
                    case "" -> new Answer(200, "application/json", jobJson(job, job.read()).toString(), Map.of());
                    case "/output" -> new Answer(200, "text/plain", job.script.output, Map.of());
                    case "/streams" -> new Answer(200, "application/json", streams(job).toString(), Map.of());
                    default -> null;
                };
            }
        }
        return new Answer(405, "application/json", error("MethodNotAllowed", request.method() + " " + sub), Map.of());
    }

    private Answer create(Request request, String name) {
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            return new Answer(415, "application/json", error("UnsupportedMediaType", "The content media type '"
                    + contentType + "' is not supported. Only 'application/json' is supported."), Map.of());
        }
        JsonNode properties = request.json() == null ? null : request.json().path("properties");
        String runbook = properties == null ? "" : properties.path("runbook").path("name").asText("");
        Boolean published = runbooks.get(runbook);
        if (published == null) {
            return new Answer(404, "application/json", error("NotFound", "The Runbook '" + runbook
                    + "' was not found. (fictional text)"), Map.of());
        }
        if (!published) {
            return new Answer(400, "application/json", error("BadRequest", "Runbook " + runbook
                    + " is not published. (fictional text)"), Map.of());
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        properties.path("parameters").properties().forEach(e -> parameters.put(e.getKey(), e.getValue().asText()));
        JobState job = jobs.compute(name, (key, existing) -> {
            if (existing != null) {
                synchronized (existing) {
                    existing.creates++;
                }
                return existing;
            }
            return new JobState(name, runbook, Collections.unmodifiableMap(parameters),
                    properties.path("runOn").asText(""), request.header("clientRequestId"),
                    Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), scriptFor(name, parameters));
        });
        if (hangs.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return null;
        }
        synchronized (job) {
            return new Answer(201, "application/json", jobJson(job, job.status()).toString(), Map.of());
        }
    }

    private Script scriptFor(String name, Map<String, String> parameters) {
        Script byName = scriptsByName.get(name);
        if (byName != null) {
            return byName;
        }
        for (Rule rule : rules) {
            if (rule.parameters().test(parameters)) {
                return rule.script();
            }
        }
        return defaultScript;
    }

    /** The job in the shape of {@code azure-get-job.json}. */
    private static ObjectNode jobJson(JobState job, String status) {
        ObjectNode json = JSON.createObjectNode().put("id", jobId(job.name)).put("name", job.name)
                .put("type", "Microsoft.Automation/AutomationAccounts/Jobs");
        ObjectNode properties = json.putObject("properties");
        boolean ended = Set.of("Completed", "Failed", "Stopped").contains(status);
        boolean started = !status.equals("New") && !status.equals("Activating");
        String created = TIME.format(job.created);
        properties.put("jobId", job.jobId);
        properties.putObject("runbook").put("name", job.runbook);
        properties.putNull("startedBy");
        properties.put("provisioningState", switch (status) {
            case "Completed", "Stopped" -> "Succeeded";
            case "Failed" -> "Failed";
            case "Suspended" -> "Suspended";
            default -> "Processing";
        });
        properties.put("creationTime", created);
        if (started) {
            properties.put("startTime", TIME.format(job.created.plusMillis(30_380)));
        } else {
            properties.putNull("startTime");
        }
        if (ended) {
            properties.put("endTime", TIME.format(job.created.plusSeconds(232)));
        } else {
            properties.putNull("endTime");
        }
        if (status.equals("Failed") && job.script.exception != null) {
            properties.put("exception", job.script.exception);
        } else {
            properties.putNull("exception");
        }
        properties.put("lastModifiedTime", created).put("lastStatusModifiedTime", created);
        properties.put("status", status).put("statusDetails", "None");
        ObjectNode parameters = properties.putObject("parameters");
        job.parameters.forEach(parameters::put);
        properties.put("runOn", job.runOn);
        return json;
    }

    /** The job's error streams in the shape of {@code azure-job-streams.json}. */
    private static ObjectNode streams(JobState job) {
        ObjectNode json = JSON.createObjectNode();
        ArrayNode value = json.putArray("value");
        int n = 1;
        for (String summary : job.script.errors) {
            String streamId = "638527853000000000_" + String.format("%020d", n++);
            ObjectNode stream = value.addObject().put("id", jobId(job.name) + "/streams/" + streamId);
            stream.putObject("properties").put("jobStreamId", streamId)
                    .put("time", TIME.format(job.created.plusSeconds(120))).put("streamType", "Error")
                    .put("summary", summary);
        }
        json.putNull("nextLink");
        return json;
    }

    private static Job view(JobState job) {
        synchronized (job) {
            return new Job(job.name, job.runbook, job.parameters, job.runOn, job.clientRequestId, job.status(),
                    job.creates, job.created);
        }
    }

    private JobState state(String name) {
        JobState job = jobs.get(name);
        if (job == null) {
            throw new IllegalArgumentException("no job " + name);
        }
        return job;
    }

    private Deque<Answer> queue(Kind kind) {
        return rudeness.computeIfAbsent(kind, k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
    }

    private static String error(String code, String message) {
        return JSON.createObjectNode().put("code", code).put("message", message).toString();
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private void sleep(Duration wait) throws InterruptedException {
        if (!wait.isZero()) {
            closing.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static JsonNode json(String body) {
        try {
            return body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
