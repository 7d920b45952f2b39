package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's REST API v3 for one repository on 127.0.0.1, close enough that hub4j 1.330 drives it: the
 * {@code X-RateLimit-*} headers on every answer, {@code GET /}, {@code GET /user} (hub4j's first call with a
 * token), {@code GET /rate_limit}, the repository with the caller's
 * {@code permissions}, deployments (created as in {@code github-rest-create-deployment.json}: 201, or scripted 202,
 * 409, 422, 401, 403, 404, 429, 500, 503, a spent rate limit, a dropped connection or a hang after creating), their
 * statuses (refusing a state outside GitHub's list, such as hub4j's {@code in-progress}, with 422), collaborators
 * and commits, paged like GitHub ({@code per_page} 30 by default, 100 at most, {@code Link} headers). With
 * {@link Builder#pathPrefix} it answers under {@code /api/v3} like GitHub Enterprise Server.
 *
 * <p>Callers authenticate with {@code Authorization: Bearer <token>} or {@code token <token>}: the user token,
 * or an installation token {@code ghs_...} the fake issued. A GitHub App ({@link Builder#app}) signs a JWT (RS256,
 * {@code iss} = app id) with the private key the fake generated ({@link #appPrivateKeyPem()}, PKCS#1 as GitHub hands
 * it out) to call {@code GET /app}, {@code GET /app/installations/:id}, {@code GET /repos/:o/:r/installation} and
 * {@code POST /app/installations/:id/access_tokens}.
 *
 * <p>With {@link #deliverWebhooksTo} it posts the {@code deployment} and {@code deployment_status} events, shaped like
 * {@code github-deployment.json} and {@code github-deployment_status.json} and signed with
 * {@code X-Hub-Signature-256}, on a background thread in order; a failed delivery is recorded and, like GitHub, not
 * retried, but can be {@linkplain #redeliver redelivered} with the same delivery id.
 */
public final class FakeGitHub implements AutoCloseable {
    public static final String REPO = "acme-corp/web-api";
    public static final String TOKEN = "ghp_FakeUserToken00000000000000000000001";
    public static final String USER = "alice-acme";
    public static final String BOT = "acme-deploybot[bot]";
    public static final long APP_ID = 4001;
    public static final long INSTALLATION_ID = 7000001;
    public static final String SHA = "3f1c2d4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d";
    public static final long FIRST_DEPLOYMENT_ID = 900001;
    public static final long FIRST_STATUS_ID = 910001;
    public static final Set<String> STATES =
            Set.of("error", "failure", "inactive", "in_progress", "queued", "pending", "success");
    public static final String BAD_CREDENTIALS =
            "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}";
    public static final String NOT_FOUND =
            "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REPO_PATH = Pattern.compile("/repos/([^/]+)/([^/]+)(/.*)?");
    private static final Pattern DEPLOYMENT_PATH = Pattern.compile("/deployments/(\\d+)(/statuses)?");
    private static final Pattern INSTALLATION_PATH = Pattern.compile("/app/installations/(\\d+)(/access_tokens)?");
    private static final Pattern HEX_SHA = Pattern.compile("[0-9a-f]{40}");
    private static final int DEFAULT_PER_PAGE = 30;
    private static final int MAX_PER_PAGE = 100;
    private static final int RATE_LIMIT = 5000;

    /** What the next {@code POST .../deployments} does instead of simply creating a deployment. */
    public enum Outcome {
        /** 202: GitHub merges the default branch into the ref first; nothing is created. */
        MERGING,
        /** 409 {@code Conflict merging main into <ref>.} */
        MERGE_CONFLICT,
        /** 409 for failed status checks, listing {@link #failingContexts} in {@code errors[].contexts}. */
        FAILED_CHECKS,
        /** 409 for failed status checks, with only GitHub's message, as in the fixture. */
        FAILED_CHECKS_WITHOUT_CONTEXTS,
        /** 422 {@code Validation Failed}, as for a ref GitHub cannot use. */
        UNPROCESSABLE,
        UNAUTHORIZED,
        /** 403 {@code Resource not accessible by integration}. */
        FORBIDDEN,
        NOT_FOUND,
        SERVER_ERROR,
        /** 503, refused before anything is created. */
        UNAVAILABLE,
        /** 429 with {@code Retry-After: 60}. */
        TOO_MANY_REQUESTS,
        /** 403 with {@code X-RateLimit-Remaining: 0}, the primary rate limit spent. */
        RATE_LIMITED,
        /** Creates the deployment and answers after {@link #slowness}. */
        SLOW,
        /** Creates the deployment, then closes the connection without answering. */
        DROP_AFTER_CREATE,
        /** Creates the deployment, then never answers (until the fake closes). */
        CREATE_THEN_HANG
    }

    /** One request as it arrived; {@code path} is raw and includes any prefix. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        /** The first value of a header, whatever its case, or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The body as JSON (a missing node when empty). */
        public JsonNode json() {
            try {
                return body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A deployment the fake holds; {@code payload} is as it was sent, an object or a string. */
    public record Deployment(long id, String ref, String sha, String task, JsonNode payload, String environment,
                             String description, String creator, Instant createdAt, boolean productionEnvironment,
                             boolean transientEnvironment) {
    }

    /** A deployment status the fake holds. */
    public record Status(long id, long deploymentId, String state, String logUrl, String description,
                         String environmentUrl, String creator, Instant createdAt) {
    }

    /** One attempt to deliver a webhook: {@code status} is the receiver's answer, or -1 with {@code error}. */
    public record Delivery(String event, String deliveryId, String body, int status, String error) {
    }

    private record Answer(int status, String body, Map<String, String> headers) {
        Answer(int status, String body) {
            this(status, body, Map.of());
        }
    }

    private record Outbound(String event, String deliveryId, String body) {
    }

    /** Who is calling: a token's user, an installation's bot, or the app itself with a JWT. */
    private enum Caller { USER, INSTALLATION, APP }

    /** How the fake is set up; {@link #start()} starts it. */
    public static final class Builder {
        private String repo = REPO;
        private String defaultBranch = "main";
        private final Set<String> refs = new LinkedHashSet<>(List.of("v2.14.0", "feature/login"));
        private final Map<String, String> commits = new LinkedHashMap<>(Map.of(SHA, USER));
        private List<String> collaborators = List.of(USER, "bob-acme");
        private String token = TOKEN;
        private String permission = "push";
        private Long appId;
        private long installationId = INSTALLATION_ID;
        private String deploymentsPermission = "write";
        private String pathPrefix = "";

        public Builder repo(String fullName) {
            this.repo = fullName;
            return this;
        }

        public Builder defaultBranch(String branch) {
            this.defaultBranch = branch;
            return this;
        }

        /** Refs that exist besides the default branch (which always does): {@code v2.14.0}, {@code feature/login}. */
        public Builder refs(String... refs) {
            this.refs.clear();
            this.refs.addAll(List.of(refs));
            return this;
        }

        /** A commit and the login GitHub links to its author, or null for an author GitHub knows no user of. */
        public Builder commit(String sha, String authorLogin) {
            commits.put(sha, authorLogin);
            return this;
        }

        public Builder collaborators(List<String> logins) {
            this.collaborators = List.copyOf(logins);
            return this;
        }

        /** The user token the fake accepts, {@link #TOKEN} unless set. */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** The token user's role on the repository: admin, maintain, push (the default), triage or pull. */
        public Builder permission(String role) {
            this.permission = role;
            return this;
        }

        /** Makes a GitHub App known, installed on the repository with {@code deployments: write}. */
        public Builder app(long appId, long installationId) {
            this.appId = appId;
            this.installationId = installationId;
            return this;
        }

        /** The installation's {@code deployments} permission: write (the default), read, or null for none. */
        public Builder deploymentsPermission(String level) {
            this.deploymentsPermission = level;
            return this;
        }

        /** Answers under this path, like {@code /api/v3} of GitHub Enterprise Server. */
        public Builder pathPrefix(String prefix) {
            this.pathPrefix = prefix;
            return this;
        }

        public FakeGitHub start() {
            return new FakeGitHub(this);
        }
    }

    private final String repo;
    private final String defaultBranch;
    private final Set<String> refs;
    private final Map<String, String> commits;
    private final List<String> collaborators;
    private final String token;
    private final String permission;
    private final Long appId;
    private final long installationId;
    private final String deploymentsPermission;
    private final String pathPrefix;
    private final KeyPair appKeys;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(daemon("fake-github"));
    private final ExecutorService hooks = Executors.newSingleThreadExecutor(daemon("fake-github-hooks"));
    private final HttpClient hookClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Deployment> deployments = new CopyOnWriteArrayList<>();
    private final List<Status> statuses = new CopyOnWriteArrayList<>();
    private final List<String> statesToFail = new CopyOnWriteArrayList<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Map<String, Outbound> sent = new ConcurrentHashMap<>();
    private final Set<String> installationTokens = ConcurrentHashMap.newKeySet();
    private final Deque<Outcome> outcomes = new ArrayDeque<>();
    private final Deque<Answer> cannedAnswers = new ArrayDeque<>();
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Duration> slowness = new AtomicReference<>(Duration.ofSeconds(3));
    private final AtomicReference<Map<String, String>> failingContexts =
            new AtomicReference<>(orderedContexts("ci/build", "failure", "security/scan", "pending"));
    private final AtomicReference<Hook> hook = new AtomicReference<>();
    private final AtomicLong nextDeploymentId = new AtomicLong(FIRST_DEPLOYMENT_ID);
    private final AtomicLong nextStatusId = new AtomicLong(FIRST_STATUS_ID);
    private final AtomicInteger used = new AtomicInteger();
    private final long rateLimitReset = Instant.now().plus(1, ChronoUnit.HOURS).getEpochSecond();

    private record Hook(URI target, String secret) {
    }

    /** A fake with the defaults: {@link #REPO}, branch {@code main}, token {@link #TOKEN} with push, no app. */
    public FakeGitHub() {
        this(new Builder());
    }

    public static Builder builder() {
        return new Builder();
    }

    private FakeGitHub(Builder builder) {
        repo = builder.repo;
        defaultBranch = builder.defaultBranch;
        refs = new LinkedHashSet<>(builder.refs);
        refs.add(defaultBranch);
        commits = Collections.unmodifiableMap(new LinkedHashMap<>(builder.commits));
        collaborators = builder.collaborators;
        token = builder.token;
        permission = builder.permission;
        appId = builder.appId;
        installationId = builder.installationId;
        deploymentsPermission = builder.deploymentsPermission;
        pathPrefix = builder.pathPrefix;
        appKeys = appId == null ? null : rsaKeyPair();
        server = LoopbackHttp.serve(this::handle, executor);
    }

    /** The API's base URL, as Slipway's {@code apiUrl}: {@code http://127.0.0.1:<port>} plus any prefix. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathPrefix;
    }

    /** The app's private key as GitHub hands it out: PKCS#1 PEM ({@code -----BEGIN RSA PRIVATE KEY-----}). */
    public String appPrivateKeyPem() {
        return pkcs1Pem(requireApp().getPrivate());
    }

    /** The app's private key as PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
    public String appPrivateKeyPkcs8Pem() {
        return pem("PRIVATE KEY", requireApp().getPrivate().getEncoded());
    }

    /** A JWT for app {@code issuer} signed with this fake's app key, valid for nine minutes. */
    public String appJwt(long issuer) {
        return appJwt(requireApp().getPrivate(), issuer);
    }

    /** A GitHub App JWT (RS256, {@code iss} = app id, issued a minute ago), as GitHub asks apps to sign them. */
    public static String appJwt(PrivateKey key, long appId) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(JSON.createObjectNode().put("iat", now - 60).put("exp", now + 540)
                .put("iss", Long.toString(appId)).toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + base64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every request received so far, in arrival order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests to a path below the prefix, e.g. {@code /repos/acme-corp/web-api/deployments}. */
    public List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(pathPrefix + path)).toList();
    }

    /** Every deployment, oldest first. */
    public List<Deployment> deployments() {
        return List.copyOf(deployments);
    }

    /** The statuses of a deployment, oldest first. */
    public List<Status> statuses(long deploymentId) {
        return statuses.stream().filter(s -> s.deploymentId() == deploymentId).toList();
    }

    /** Installation tokens issued so far. */
    public Set<String> installationTokens() {
        return Set.copyOf(installationTokens);
    }

    /**
     * Adds a deployment as if created earlier, with a payload as given (an object, or a JSON string); no webhook is
     * sent about it.
     */
    public Deployment addDeployment(String ref, String environment, JsonNode payload) {
        Deployment deployment = new Deployment(nextDeploymentId.getAndIncrement(), ref, SHA, "deploy", payload,
                environment, "", USER, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                environment.equals("production"), false);
        deployments.add(deployment);
        return deployment;
    }

    /** Creates a deployment as another tool would (GitHub Actions, a person), and delivers the deployment event. */
    public Deployment createDeploymentAsAnotherTool(String ref, String environment, String login) {
        return create(ref, environment, JSON.createObjectNode(), "", login, environment.equals("production"), false);
    }

    /**
     * Sets a status on a deployment as another tool would (GitHub Actions, with its own token), and delivers the
     * {@code deployment_status} event.
     */
    public Status postStatusAsAnotherTool(long deploymentId, String state, String logUrl) {
        Deployment deployment = deployments.stream().filter(d -> d.id() == deploymentId).findFirst().orElseThrow();
        ObjectNode body = JSON.createObjectNode().put("state", state).put("log_url", logUrl);
        Answer answer = createStatus(new Request("POST", "/repos/" + repo + "/deployments/" + deploymentId
                + "/statuses", "", Map.of(), body.toString()), deployment, "github-actions[bot]");
        if (answer.status() != 201) {
            throw new IllegalArgumentException("status refused: " + answer.body());
        }
        List<Status> mine = statuses(deploymentId);
        return mine.get(mine.size() - 1);
    }

    /** The next status posted with {@code state} is answered 502 and not kept, as a GitHub hiccup would. */
    public void failNextStatus(String state) {
        statesToFail.add(state);
    }

    /** The next {@code POST .../deployments} does this; several calls queue several outcomes. */
    public void nextDeployment(Outcome outcome) {
        synchronized (outcomes) {
            outcomes.add(outcome);
        }
    }

    /** The next {@code times} API requests, whatever they are, get this answer instead of being handled. */
    public void answerNext(int times, int status, String body, Map<String, String> headers) {
        synchronized (cannedAnswers) {
            for (int i = 0; i < times; i++) {
                cannedAnswers.add(new Answer(status, body, headers));
            }
        }
    }

    /** The contexts and states {@link Outcome#FAILED_CHECKS} lists, in order. */
    public void failingContexts(Map<String, String> contextStates) {
        failingContexts.set(Collections.unmodifiableMap(new LinkedHashMap<>(contextStates)));
    }

    /** How long {@link Outcome#SLOW} waits; 3 seconds unless set. */
    public void slowness(Duration wait) {
        slowness.set(wait);
    }

    /** Every answer from now on waits this long before it is written; {@link Duration#ZERO} to stop. */
    public void delayResponses(Duration wait) {
        delay.set(wait);
    }

    /** From now on, posts the deployment and deployment_status events to {@code target}, signed with {@code secret}. */
    public void deliverWebhooksTo(URI target, String secret) {
        hook.set(new Hook(target, secret));
    }

    /** Every delivery attempt made so far, in order (a redelivery is a second attempt with the same id). */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Waits until at least {@code count} delivery attempts are recorded, and returns them. */
    public List<Delivery> awaitDeliveries(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (deliveries.size() < count && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        if (deliveries.size() < count) {
            throw new AssertionError("expected " + count + " webhook deliveries, got " + deliveries);
        }
        return deliveries();
    }

    /** Sends a delivery again, same delivery id and body, after any still queued. */
    public void redeliver(String deliveryId) {
        Outbound outbound = outbound(deliveryId);
        hooks.execute(() -> deliver(outbound));
    }

    /** Sends a delivery twice at the same moment, as two GitHub workers might, and returns the two answers. */
    public List<Delivery> deliverTwiceConcurrently(String deliveryId) {
        Outbound outbound = outbound(deliveryId);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Delivery>> both = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            both.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return deliver(outbound);
            }, executor));
        }
        start.countDown();
        return both.stream().map(CompletableFuture::join).toList();
    }

    /** {@code sha256=<hex HMAC-SHA256 of body>}, as in {@code X-Hub-Signature-256}. */
    public static String signature(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new 2048-bit RSA key pair. */
    public static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key as PKCS#1 PEM. The JDK encodes it as PKCS#8, a PrivateKeyInfo SEQUENCE {version, algorithm,
     * OCTET STRING}, whose OCTET STRING holds the PKCS#1 RSAPrivateKey.
     */
    public static String pkcs1Pem(PrivateKey key) {
        byte[] der = key.getEncoded();
        int[] at = {0};
        expect(der, at, 0x30);
        length(der, at);
        expect(der, at, 0x02);
        skip(der, at);
        expect(der, at, 0x30);
        skip(der, at);
        expect(der, at, 0x04);
        int length = length(der, at);
        byte[] pkcs1 = new byte[length];
        System.arraycopy(der, at[0], pkcs1, 0, length);
        return pem("RSA PRIVATE KEY", pkcs1);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
        hooks.shutdownNow();
    }

    // ---- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), Collections.unmodifiableMap(headers), body);
            requests.add(request);
            if (!sleep(delay.get())) {
                return;
            }
            Answer answer = cannedAnswer();
            if (answer == null) {
                answer = route(request);
            }
            if (answer == null) {
                // dropped: closing the exchange without a response closes the connection
                return;
            }
            used.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().set("X-GitHub-Media-Type", "github.v3; format=json");
            exchange.getResponseHeaders().set("X-GitHub-Request-Id", UUID.randomUUID().toString());
            exchange.getResponseHeaders().set("X-RateLimit-Limit", Integer.toString(RATE_LIMIT));
            exchange.getResponseHeaders().set("X-RateLimit-Remaining",
                    Integer.toString(Math.max(0, RATE_LIMIT - used.get())));
            exchange.getResponseHeaders().set("X-RateLimit-Reset", Long.toString(rateLimitReset));
            exchange.getResponseHeaders().set("X-RateLimit-Used", Integer.toString(used.get()));
            exchange.getResponseHeaders().set("X-RateLimit-Resource", "core");
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The answer to a request, or null to drop the connection. */
    private Answer route(Request request) {
        if (!request.path().startsWith(pathPrefix)) {
            return new Answer(404, NOT_FOUND);
        }
        String path = request.path().substring(pathPrefix.length());
        if (path.isEmpty() || path.equals("/")) {
            return new Answer(200, JSON.createObjectNode().put("current_user_url", url() + "/user")
                    .put("repository_url", url() + "/repos/{owner}/{repo}").toString());
        }
        if (path.equals("/rate_limit")) {
            ObjectNode core = JSON.createObjectNode().put("limit", RATE_LIMIT).put("remaining", RATE_LIMIT - used.get())
                    .put("reset", rateLimitReset).put("used", used.get());
            ObjectNode limits = JSON.createObjectNode();
            limits.putObject("resources").set("core", core);
            limits.set("rate", core);
            return new Answer(200, limits.toString());
        }
        if (path.equals("/app") || path.startsWith("/app/") || path.equals("/repos/" + repo + "/installation")) {
            return app(request, path);
        }
        Caller caller = caller(request);
        if (caller == null || caller == Caller.APP) {
            return new Answer(401, BAD_CREDENTIALS);
        }
        if (path.equals("/user") && request.method().equals("GET")) {
            // hub4j asks who a token belongs to before its first request; an installation is no user.
            return caller == Caller.USER ? new Answer(200, userJson(USER, 200001).toString())
                    : new Answer(403, error("Resource not accessible by integration"));
        }
        Matcher repoPath = REPO_PATH.matcher(path);
        if (!repoPath.matches() || !(repoPath.group(1) + "/" + repoPath.group(2)).equals(repo)) {
            return new Answer(404, NOT_FOUND);
        }
        return repository(request, caller, Objects.requireNonNullElse(repoPath.group(3), ""));
    }

    private Answer repository(Request request, Caller caller, String rest) {
        String login = caller == Caller.USER ? USER : BOT;
        boolean get = request.method().equals("GET");
        boolean post = request.method().equals("POST");
        if (rest.isEmpty() && get) {
            return new Answer(200, repositoryJson(caller == Caller.USER).toString());
        }
        if (rest.equals("/deployments") && post) {
            return createDeployment(request, login);
        }
        if (rest.equals("/deployments") && get) {
            Map<String, String> query = query(request.query());
            List<JsonNode> list = new ArrayList<>();
            for (int i = deployments.size() - 1; i >= 0; i--) {
                Deployment deployment = deployments.get(i);
                if (matches(query, "ref", deployment.ref()) && matches(query, "sha", deployment.sha())
                        && matches(query, "environment", deployment.environment())) {
                    list.add(deploymentJson(deployment));
                }
            }
            return page(list, request);
        }
        Matcher deploymentPath = DEPLOYMENT_PATH.matcher(rest);
        if (deploymentPath.matches()) {
            long id = Long.parseLong(deploymentPath.group(1));
            Deployment deployment = deployments.stream().filter(d -> d.id() == id).findFirst().orElse(null);
            if (deployment == null) {
                return new Answer(404, NOT_FOUND);
            }
            if (deploymentPath.group(2) == null && get) {
                return new Answer(200, deploymentJson(deployment).toString());
            }
            if (deploymentPath.group(2) != null && post) {
                return createStatus(request, deployment, login);
            }
            if (deploymentPath.group(2) != null && get) {
                List<JsonNode> list = new ArrayList<>();
                List<Status> mine = statuses(id);
                for (int i = mine.size() - 1; i >= 0; i--) {
                    list.add(statusJson(mine.get(i), deployment));
                }
                return page(list, request);
            }
        }
        if (rest.equals("/collaborators") && get) {
            List<JsonNode> list = new ArrayList<>();
            for (int i = 0; i < collaborators.size(); i++) {
                ObjectNode user = userJson(collaborators.get(i), 200001 + i);
                user.putObject("permissions").put("admin", false).put("maintain", false).put("push", true)
                        .put("triage", true).put("pull", true);
                user.put("role_name", "write");
                list.add(user);
            }
            return page(list, request);
        }
        if (rest.startsWith("/commits/") && get) {
            String sha = URLDecoder.decode(rest.substring("/commits/".length()), StandardCharsets.UTF_8);
            if (!commits.containsKey(sha)) {
                return new Answer(422, error("No commit found for SHA: " + sha));
            }
            ObjectNode commit = JSON.createObjectNode().put("sha", sha).put("url", url() + "/repos/" + repo
                    + "/commits/" + sha);
            commit.putObject("commit").put("message", "Bump version to 2.14.0").putObject("author")
                    .put("name", "Alice Example").put("email", "alice@acme.example.com")
                    .put("date", "2024-05-31T15:58:30Z");
            String author = commits.get(sha);
            if (author == null) {
                commit.putNull("author");
            } else {
                commit.set("author", userJson(author, 200001));
            }
            return new Answer(200, commit.toString());
        }
        return new Answer(404, NOT_FOUND);
    }

    private Answer createDeployment(Request request, String login) {
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return new Answer(400, error("Problems parsing JSON"));
        }
        if (body == null || !body.path("ref").isTextual()) {
            return new Answer(422, error("Invalid request.\n\n\"ref\" wasn't supplied."));
        }
        String ref = body.path("ref").asText();
        Outcome outcome;
        synchronized (outcomes) {
            outcome = outcomes.poll();
        }
        if (outcome != null) {
            Answer refused = refusal(outcome, ref);
            if (refused != null) {
                return refused;
            }
        }
        if (!refs.contains(ref) && !commits.containsKey(ref)) {
            return new Answer(422, error("No ref found for: " + ref));
        }
        String environment = body.path("environment").asText("production");
        Deployment deployment = create(ref, environment, body.has("payload") ? body.get("payload")
                        : JSON.createObjectNode(), body.path("description").asText(""), login,
                body.path("production_environment").asBoolean(environment.equals("production")),
                body.path("transient_environment").asBoolean(false));
        if (outcome == Outcome.DROP_AFTER_CREATE) {
            return null;
        }
        if (outcome == Outcome.CREATE_THEN_HANG) {
            awaitClose();
            return null;
        }
        if (outcome == Outcome.SLOW && !sleep(slowness.get())) {
            return null;
        }
        String url = url() + "/repos/" + repo + "/deployments/" + deployment.id();
        return new Answer(201, deploymentJson(deployment).toString(), Map.of("Location", url));
    }

    /** The answer of an outcome that refuses before anything is created, or null for one that creates. */
    private Answer refusal(Outcome outcome, String ref) {
        return switch (outcome) {
            case MERGING -> new Answer(202, error("Auto-merged " + defaultBranch + " into " + ref + " on deployment."));
            case MERGE_CONFLICT -> new Answer(409, error("Conflict merging " + defaultBranch + " into " + ref + "."));
            case FAILED_CHECKS -> {
                ObjectNode body = JSON.createObjectNode().put("message",
                        "Conflict: Commit status checks failed for " + ref + ".");
                ObjectNode failure = body.putArray("errors").addObject();
                ArrayNode contexts = failure.putArray("contexts");
                failingContexts.get().forEach((context, state) -> contexts.addObject().put("context", context)
                        .put("state", state));
                failure.put("resource", "Deployment").put("field", "required_contexts").put("code", "invalid");
                body.put("documentation_url", "https://docs.github.com/rest/deployments/deployments");
                yield new Answer(409, body.toString());
            }
            case FAILED_CHECKS_WITHOUT_CONTEXTS ->
                    new Answer(409, error("Conflict: Commit status checks failed for " + ref + "."));
            case UNPROCESSABLE -> new Answer(422, error("Validation Failed"));
            case UNAUTHORIZED -> new Answer(401, BAD_CREDENTIALS);
            case FORBIDDEN -> new Answer(403, error("Resource not accessible by integration"));
            case NOT_FOUND -> new Answer(404, NOT_FOUND);
            case SERVER_ERROR -> new Answer(500, error("Server Error"));
            case UNAVAILABLE -> new Answer(503, error("Service Unavailable"));
            case TOO_MANY_REQUESTS -> new Answer(429, error("You have exceeded a secondary rate limit."),
                    Map.of("Retry-After", "60"));
            case RATE_LIMITED -> new Answer(403, error("API rate limit exceeded for " + repo + "."),
                    Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Used", Integer.toString(RATE_LIMIT)));
            case SLOW, DROP_AFTER_CREATE, CREATE_THEN_HANG -> null;
        };
    }

    private Answer createStatus(Request request, Deployment deployment, String login) {
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return new Answer(400, error("Problems parsing JSON"));
        }
        String state = body == null ? "" : body.path("state").asText("");
        if (!STATES.contains(state)) {
            ObjectNode refused = JSON.createObjectNode().put("message", "Validation Failed");
            refused.putArray("errors").addObject().put("resource", "DeploymentStatus").put("code", "custom")
                    .put("field", "state").put("message", "state is not included in the list");
            refused.put("documentation_url", "https://docs.github.com/rest/deployments/statuses");
            return new Answer(422, refused.toString());
        }
        if (statesToFail.remove(state)) {
            return new Answer(502, error("Server Error"));
        }
        String logUrl = text(body, "log_url");
        Status status = new Status(nextStatusId.getAndIncrement(), deployment.id(), state,
                logUrl != null ? logUrl : text(body, "target_url"), text(body, "description"),
                text(body, "environment_url"), login, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        statuses.add(status);
        ObjectNode event = JSON.createObjectNode().put("action", "created");
        event.set("deployment_status", statusJson(status, deployment));
        event.set("deployment", deploymentJson(deployment));
        event.putNull("check_run").putNull("workflow").putNull("workflow_run");
        send("deployment_status", event, login);
        return new Answer(201, statusJson(status, deployment).toString(),
                Map.of("Location", url() + "/repos/" + repo + "/deployments/" + deployment.id() + "/statuses/"
                        + status.id()));
    }

    private Deployment create(String ref, String environment, JsonNode payload, String description, String login,
                              boolean production, boolean transientEnvironment) {
        String sha = HEX_SHA.matcher(ref).matches() ? ref : SHA;
        Deployment deployment = new Deployment(nextDeploymentId.getAndIncrement(), ref, sha, "deploy", payload,
                environment, description, login, Instant.now().truncatedTo(ChronoUnit.SECONDS), production,
                transientEnvironment);
        deployments.add(deployment);
        ObjectNode event = JSON.createObjectNode().put("action", "created");
        event.set("deployment", deploymentJson(deployment));
        event.putNull("workflow").putNull("workflow_run");
        send("deployment", event, login);
        return deployment;
    }

    // ---- the GitHub App

    private Answer app(Request request, String path) {
        if (appId == null || !validJwt(bearer(request))) {
            return new Answer(401, error("A JSON web token could not be decoded"));
        }
        if (path.equals("/app") && request.method().equals("GET")) {
            ObjectNode app = JSON.createObjectNode().put("id", appId).put("slug", "acme-deploybot")
                    .put("node_id", "A_FAKE" + appId).put("name", "Acme Deploybot")
                    .put("html_url", "https://github.com/apps/acme-deploybot")
                    .put("created_at", "2024-01-01T00:00:00Z").put("updated_at", "2024-01-01T00:00:00Z")
                    .put("installations_count", 1);
            app.set("owner", userJson("acme-corp", 100001).put("type", "Organization"));
            app.set("permissions", installationPermissions());
            app.putArray("events").add("deployment").add("deployment_status");
            return new Answer(200, app.toString());
        }
        if (path.equals("/repos/" + repo + "/installation") && request.method().equals("GET")) {
            return new Answer(200, installationJson().toString());
        }
        Matcher installation = INSTALLATION_PATH.matcher(path);
        if (installation.matches()) {
            if (Long.parseLong(installation.group(1)) != installationId) {
                return new Answer(404, NOT_FOUND);
            }
            if (installation.group(2) == null && request.method().equals("GET")) {
                return new Answer(200, installationJson().toString());
            }
            if (installation.group(2) != null && request.method().equals("POST")) {
                String issued = "ghs_" + UUID.randomUUID().toString().replace("-", "");
                installationTokens.add(issued);
                ObjectNode answer = JSON.createObjectNode().put("token", issued)
                        .put("expires_at", Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
                                .toString())
                        .put("repository_selection", "selected");
                answer.set("permissions", installationPermissions());
                return new Answer(201, answer.toString());
            }
        }
        return new Answer(404, NOT_FOUND);
    }

    private boolean validJwt(String jwt) {
        if (jwt == null) {
            return false;
        }
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            Base64.Decoder base64 = Base64.getUrlDecoder();
            JsonNode header = JSON.readTree(base64.decode(parts[0]));
            JsonNode claims = JSON.readTree(base64.decode(parts[1]));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(appKeys.getPublic());
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            long now = Instant.now().getEpochSecond();
            return header.path("alg").asText().equals("RS256") && rs256.verify(base64.decode(parts[2]))
                    && claims.path("iss").asText().equals(Long.toString(appId))
                    && claims.path("exp").asLong() > now && claims.path("iat").asLong() <= now + 60
                    && claims.path("exp").asLong() - claims.path("iat").asLong() <= 660;
        } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    private Caller caller(Request request) {
        String presented = bearer(request);
        if (presented == null) {
            return null;
        }
        if (presented.equals(token)) {
            return Caller.USER;
        }
        if (installationTokens.contains(presented)) {
            return Caller.INSTALLATION;
        }
        return appId != null && validJwt(presented) ? Caller.APP : null;
    }

    private static String bearer(Request request) {
        String authorization = request.header("Authorization");
        if (authorization == null) {
            return null;
        }
        for (String scheme : List.of("Bearer ", "token ")) {
            if (authorization.regionMatches(true, 0, scheme, 0, scheme.length())) {
                return authorization.substring(scheme.length()).strip();
            }
        }
        return null;
    }

    // ---- webhooks

    private void send(String event, ObjectNode body, String senderLogin) {
        Hook target = hook.get();
        if (target == null) {
            return;
        }
        body.set("repository", repositoryJson(false));
        body.set("sender", userJson(senderLogin, senderLogin.equals(BOT) ? 300001 : 200001));
        if (senderLogin.equals(BOT)) {
            body.putObject("installation").put("id", installationId).put("node_id", "MDIz" + installationId);
        }
        Outbound outbound = new Outbound(event, UUID.randomUUID().toString(), body.toPrettyString());
        sent.put(outbound.deliveryId(), outbound);
        hooks.execute(() -> deliver(outbound));
    }

    private Delivery deliver(Outbound outbound) {
        Hook target = hook.get();
        Delivery delivery;
        try {
            HttpResponse<String> response = hookClient.send(HttpRequest.newBuilder(target.target())
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("User-Agent", "GitHub-Hookshot/fake")
                    .header("X-GitHub-Event", outbound.event()).header("X-GitHub-Delivery", outbound.deliveryId())
                    .header("X-GitHub-Hook-ID", "600001")
                    .header("X-Hub-Signature-256", signature(target.secret(), outbound.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(outbound.body(), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            delivery = new Delivery(outbound.event(), outbound.deliveryId(), outbound.body(), response.statusCode(),
                    null);
        } catch (IOException e) {
            delivery = new Delivery(outbound.event(), outbound.deliveryId(), outbound.body(), -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            delivery = new Delivery(outbound.event(), outbound.deliveryId(), outbound.body(), -1, "interrupted");
        }
        deliveries.add(delivery);
        return delivery;
    }

    private Outbound outbound(String deliveryId) {
        Outbound outbound = sent.get(deliveryId);
        if (outbound == null) {
            throw new IllegalArgumentException("no delivery " + deliveryId);
        }
        return outbound;
    }

    // ---- JSON like GitHub's

    private ObjectNode deploymentJson(Deployment deployment) {
        String url = url() + "/repos/" + repo + "/deployments/" + deployment.id();
        ObjectNode node = JSON.createObjectNode().put("url", url).put("id", deployment.id())
                .put("node_id", "DE_FAKE" + deployment.id()).put("sha", deployment.sha()).put("ref", deployment.ref())
                .put("task", deployment.task());
        node.set("payload", deployment.payload());
        node.put("original_environment", deployment.environment()).put("environment", deployment.environment())
                .put("description", deployment.description());
        node.set("creator", userJson(deployment.creator(), deployment.creator().equals(BOT) ? 300001 : 200001));
        node.put("created_at", deployment.createdAt().toString()).put("updated_at", deployment.createdAt().toString())
                .put("statuses_url", url + "/statuses").put("repository_url", url() + "/repos/" + repo)
                .put("transient_environment", deployment.transientEnvironment())
                .put("production_environment", deployment.productionEnvironment())
                .putNull("performed_via_github_app");
        return node;
    }

    private ObjectNode statusJson(Status status, Deployment deployment) {
        String deploymentUrl = url() + "/repos/" + repo + "/deployments/" + deployment.id();
        ObjectNode node = JSON.createObjectNode().put("url", deploymentUrl + "/statuses/" + status.id())
                .put("id", status.id()).put("node_id", "DES_FAKE" + status.id()).put("state", status.state());
        node.set("creator", userJson(status.creator(), status.creator().equals(BOT) ? 300001 : 200001));
        node.put("description", Objects.requireNonNullElse(status.description(), ""))
                .put("environment", deployment.environment())
                .put("target_url", Objects.requireNonNullElse(status.logUrl(), ""))
                .put("log_url", Objects.requireNonNullElse(status.logUrl(), ""))
                .put("environment_url", Objects.requireNonNullElse(status.environmentUrl(), ""))
                .put("created_at", status.createdAt().toString()).put("updated_at", status.createdAt().toString())
                .put("deployment_url", deploymentUrl).put("repository_url", url() + "/repos/" + repo)
                .putNull("performed_via_github_app");
        return node;
    }

    private ObjectNode repositoryJson(boolean withPermissions) {
        String owner = repo.substring(0, repo.indexOf('/'));
        String name = repo.substring(repo.indexOf('/') + 1);
        String apiUrl = url() + "/repos/" + repo;
        ObjectNode node = JSON.createObjectNode().put("id", 500001).put("node_id", "R_FAKE500001").put("name", name)
                .put("full_name", repo).put("private", true);
        node.set("owner", userJson(owner, 100001).put("type", "Organization"));
        node.put("html_url", htmlUrl() + "/" + repo).put("description", "Acme public web API").put("fork", false)
                .put("url", apiUrl).put("deployments_url", apiUrl + "/deployments")
                .put("created_at", "2023-01-10T09:00:00Z").put("updated_at", "2024-05-31T15:55:00Z")
                .put("pushed_at", "2024-05-31T15:59:00Z").put("default_branch", defaultBranch)
                .put("visibility", "private").put("archived", false).put("disabled", false);
        if (withPermissions) {
            List<String> roles = List.of("pull", "triage", "push", "maintain", "admin");
            int level = roles.indexOf(permission);
            ObjectNode permissions = node.putObject("permissions");
            for (String role : List.of("admin", "maintain", "push", "triage", "pull")) {
                permissions.put(role, roles.indexOf(role) <= level);
            }
        }
        return node;
    }

    private ObjectNode installationJson() {
        ObjectNode node = JSON.createObjectNode().put("id", installationId).put("app_id", appId)
                .put("app_slug", "acme-deploybot").put("target_id", 100001).put("target_type", "Organization")
                .put("repository_selection", "selected")
                .put("access_tokens_url", url() + "/app/installations/" + installationId + "/access_tokens")
                .put("repositories_url", url() + "/installation/repositories")
                .put("html_url", "https://github.com/organizations/acme-corp/settings/installations/" + installationId)
                .put("created_at", "2024-01-01T00:00:00Z").put("updated_at", "2024-01-01T00:00:00Z");
        node.set("account", userJson(repo.substring(0, repo.indexOf('/')), 100001).put("type", "Organization"));
        node.set("permissions", installationPermissions());
        node.putArray("events").add("deployment").add("deployment_status");
        return node;
    }

    private ObjectNode installationPermissions() {
        ObjectNode permissions = JSON.createObjectNode().put("metadata", "read").put("contents", "read");
        if (deploymentsPermission != null) {
            permissions.put("deployments", deploymentsPermission);
        }
        return permissions;
    }

    private ObjectNode userJson(String login, long id) {
        boolean bot = login.endsWith("[bot]");
        String escaped = login.replace("[", "%5B").replace("]", "%5D");
        return JSON.createObjectNode().put("login", login).put("id", id)
                .put("node_id", (bot ? "BOT_FAKE" : "U_FAKE") + id).put("type", bot ? "Bot" : "User")
                .put("avatar_url", "https://avatars.githubusercontent.com/u/" + id + "?v=4").put("gravatar_id", "")
                .put("url", url() + "/users/" + escaped)
                .put("html_url", htmlUrl() + (bot ? "/apps/" + login.replace("[bot]", "") : "/" + login))
                .put("site_admin", false);
    }

    private String htmlUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** One page of a list, with GitHub's {@code Link} header when there are others. */
    private Answer page(List<JsonNode> items, Request request) {
        Map<String, String> query = query(request.query());
        int perPage = Math.max(1, Math.min(MAX_PER_PAGE, intOr(query.get("per_page"), DEFAULT_PER_PAGE)));
        int page = Math.max(1, intOr(query.get("page"), 1));
        int last = Math.max(1, (items.size() + perPage - 1) / perPage);
        ArrayNode body = JsonNodeFactory.instance.arrayNode();
        items.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(body::add);
        List<String> links = new ArrayList<>();
        if (page < last) {
            links.add("<" + pageUrl(request, query, page + 1) + ">; rel=\"next\"");
            links.add("<" + pageUrl(request, query, last) + ">; rel=\"last\"");
        }
        if (page > 1) {
            links.add("<" + pageUrl(request, query, 1) + ">; rel=\"first\"");
            links.add("<" + pageUrl(request, query, page - 1) + ">; rel=\"prev\"");
        }
        return new Answer(200, body.toString(), links.isEmpty() ? Map.of() : Map.of("Link", String.join(", ", links)));
    }

    private String pageUrl(Request request, Map<String, String> query, int page) {
        Map<String, String> next = new LinkedHashMap<>(query);
        next.put("page", Integer.toString(page));
        StringBuilder url = new StringBuilder("http://127.0.0.1:" + server.getAddress().getPort() + request.path());
        String separator = "?";
        for (Map.Entry<String, String> parameter : next.entrySet()) {
            url.append(separator).append(parameter.getKey()).append('=')
                    .append(java.net.URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = "&";
        }
        return url.toString();
    }

    // ---- small things

    private KeyPair requireApp() {
        if (appKeys == null) {
            throw new IllegalStateException("this fake has no GitHub App; build it with app(...)");
        }
        return appKeys;
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    private static void expect(byte[] der, int[] at, int tag) {
        if ((der[at[0]] & 0xff) != tag) {
            throw new IllegalArgumentException("unexpected DER tag at " + at[0]);
        }
        at[0]++;
    }

    private static void skip(byte[] der, int[] at) {
        int length = length(der, at);
        at[0] += length;
    }

    private static int length(byte[] der, int[] at) {
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = length << 8 | der[at[0]++] & 0xff;
        }
        return length;
    }

    private static Map<String, String> orderedContexts(String... contextStates) {
        Map<String, String> contexts = new LinkedHashMap<>();
        for (int i = 0; i < contextStates.length; i += 2) {
            contexts.put(contextStates[i], contextStates[i + 1]);
        }
        return Collections.unmodifiableMap(contexts);
    }

    private static String error(String message) {
        return JSON.createObjectNode().put("message", message)
                .put("documentation_url", "https://docs.github.com/rest").toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static boolean matches(Map<String, String> query, String parameter, String value) {
        return !query.containsKey(parameter) || query.get(parameter).equals(value);
    }

    private static int intOr(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.put(name, value);
        }
        return query;
    }

    private Answer cannedAnswer() {
        synchronized (cannedAnswers) {
            return cannedAnswers.poll();
        }
    }

    /** False when the fake is closing while it waits. */
    private boolean sleep(Duration wait) {
        try {
            return !closing.await(wait.toMillis(), TimeUnit.MILLISECONDS);
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

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
