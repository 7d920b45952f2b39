package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A team's webhook receiver on 127.0.0.1, written from the README alone: it uses only the JDK and Jackson, no
 * Slipway class, so it checks Slipway instead of agreeing with it. Each POST to {@link #url()} is verified as the README tells a receiver to:
 * <ol>
 *   <li>{@code X-Slipway-Timestamp} is unix seconds no more than {@link #TOLERANCE} from now, either way;</li>
 *   <li>{@code X-Slipway-Signature} is {@code sha256=} and the lower-case hex HMAC-SHA256, under the shared secret,
 *   of the timestamp, a dot and the raw body bytes, compared in constant time;</li>
 * </ol>
 * else it is answered 401 and only {@linkplain #refused() recorded as refused}. A verified document
 * {@code {"deployment": id, ...}} starts that deployment once: the id is the idempotency key, and a document for a
 * deployment already started is answered 200 without starting anything. {@code {"action": "cancel",
 * "deployment": id}} cancels it (200, also when unknown or already cancelled). The signed body is what counts;
 * {@code X-Slipway-Deployment} must agree with it.
 *
 * <p>Rudeness for the next POST: a canned answer without acting ({@link #answerNext}), acting and then answering
 * badly ({@link #failNextAfterActing}) or dropping the connection ({@link #dropNextAfterActing}); and slow answers
 * ({@link #delayResponses}). It calls back like a receiver would ({@link #callBack}).
 */
public final class FakeWebhookReceiver implements AutoCloseable {
    /** How far a POST's timestamp may be from the receiver's clock. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    public static final String PATH = "/slipway";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A verified POST as it arrived: its headers (any case) and raw body, and the body read as JSON. */
    public record Received(Map<String, List<String>> headers, byte[] body, JsonNode json) {
        /** The first value of a header, whatever its case, or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A POST answered 401, and why. */
    public record Refused(String reason, Map<String, List<String>> headers, String body) {
    }

    /** A report as the receiver would POST it to a callback URL: the URL, its decoded query, and the JSON body. */
    public record Callback(URI url, Map<String, String> query, byte[] body) {
    }

    private record Canned(int status, String body) {
    }

    /** What the next POST meets instead of a plain answer. */
    private sealed interface Rudeness {
    }

    private record Answer(Canned canned) implements Rudeness {
    }

    private record ActThenAnswer(Canned canned) implements Rudeness {
    }

    private record ActThenDrop() implements Rudeness {
    }

    private final String secret;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-webhook-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Received> documents = new CopyOnWriteArrayList<>();
    private final List<Received> cancels = new CopyOnWriteArrayList<>();
    private final List<Refused> refused = new CopyOnWriteArrayList<>();
    private final Map<Long, AtomicInteger> starts = new ConcurrentHashMap<>();
    private final Map<Long, String> states = new ConcurrentHashMap<>();
    private final Map<Long, String> callbackUrls = new ConcurrentHashMap<>();
    private final Deque<Rudeness> rudeness = new ArrayDeque<>();
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);

    public FakeWebhookReceiver(String secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Where Slipway POSTs: the backend's {@code url}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** Every verified deployment document, duplicates included, in order. */
    public List<Received> documents() {
        return List.copyOf(documents);
    }

    /** The first document of the deployment. */
    public Received document(long deploymentId) {
        return documents.stream().filter(d -> d.json().path("deployment").asLong() == deploymentId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no document for deployment " + deploymentId));
    }

    /** Every verified cancel, in order. */
    public List<Received> cancels() {
        return List.copyOf(cancels);
    }

    /** Every POST that failed verification, in order. */
    public List<Refused> refused() {
        return List.copyOf(refused);
    }

    /** How many times the receiver began work for the deployment: 0 or 1 while deduplication holds. */
    public int timesStarted(long deploymentId) {
        return states.containsKey(deploymentId) ? 1 : 0;
    }

    /** How many verified documents arrived for the deployment, duplicates included. */
    public int deliveries(long deploymentId) {
        AtomicInteger count = starts.get(deploymentId);
        return count == null ? 0 : count.get();
    }

    /** {@code running}, {@code cancelled} or what was last {@linkplain #callBack called back}; null if never started. */
    public String state(long deploymentId) {
        return states.get(deploymentId);
    }

    /** The callback URL the deployment's document carried. */
    public String callbackUrl(long deploymentId) {
        String url = callbackUrls.get(deploymentId);
        if (url == null) {
            throw new IllegalArgumentException("no document for deployment " + deploymentId);
        }
        return url;
    }

    /** The next POST is answered {@code status} with {@code body}, and neither starts nor cancels anything. */
    public synchronized void answerNext(int status, String body) {
        rudeness.add(new Answer(new Canned(status, body)));
    }

    /** The next POST starts or cancels as usual, then is answered {@code status}, as a receiver that broke midway. */
    public synchronized void failNextAfterActing(int status) {
        rudeness.add(new ActThenAnswer(new Canned(status, "{\"error\":\"internal error\"}")));
    }

    /** The next POST starts or cancels as usual, then its connection is closed without an answer. */
    public synchronized void dropNextAfterActing() {
        rudeness.add(new ActThenDrop());
    }

    /** Every answer from now on waits this long before it is written; {@link Duration#ZERO} to stop. */
    public void delayResponses(Duration delay) {
        this.delay.set(delay);
    }

    /**
     * The report the receiver POSTs to the deployment's callback URL: {@code {"state", "description", "logUrl"}},
     * the last two left out when null.
     */
    public Callback callback(long deploymentId, String state, String description, String logUrl) {
        URI url = URI.create(callbackUrl(deploymentId));
        ObjectNode body = JSON.createObjectNode().put("state", state);
        if (description != null) {
            body.put("description", description);
        }
        if (logUrl != null) {
            body.put("logUrl", logUrl);
        }
        return new Callback(url, query(url.getRawQuery()), body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** POSTs {@link #callback} to the callback URL, and then takes that state; the HTTP status it got. */
    public int callBack(long deploymentId, String state, String description, String logUrl) {
        Callback callback = callback(deploymentId, state, description, logUrl);
        int status = LoopbackHttp.send(HttpRequest.newBuilder(callback.url()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(callback.body()))).statusCode();
        states.put(deploymentId, state);
        return status;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    // --- receiving

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            Map<String, List<String>> seen = Collections.unmodifiableMap(headers);
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals(PATH)) {
                answer(exchange, new Canned(404, "{\"error\":\"not found\"}"));
                return;
            }
            String problem = problem(seen, body);
            JsonNode json = problem == null ? json(body) : null;
            if (problem == null && (json == null || !json.path("deployment").canConvertToLong())) {
                problem = "the body is not a JSON object with a deployment";
            }
            if (problem == null && !String.valueOf(json.path("deployment").asLong())
                    .equals(first(seen, "X-Slipway-Deployment"))) {
                problem = "X-Slipway-Deployment does not match the body";
            }
            if (problem != null) {
                refused.add(new Refused(problem, seen, new String(body, StandardCharsets.UTF_8)));
                answer(exchange, new Canned(401, "{\"error\":\"" + problem + "\"}\nsee the receiver's log"));
                return;
            }
            if (!sleep(delay.get())) {
                return;
            }
            Rudeness rude = nextRudeness();
            if (rude instanceof Answer canned) {
                answer(exchange, canned.canned());
                return;
            }
            act(new Received(seen, body, json));
            if (rude instanceof ActThenDrop) {
                return; // closing the exchange unanswered closes the connection
            }
            answer(exchange, rude instanceof ActThenAnswer after ? after.canned()
                    : new Canned(200, "{\"ok\":true}"));
        }
    }

    private void act(Received received) {
        long deployment = received.json().path("deployment").asLong();
        if ("cancel".equals(received.json().path("action").asText(null))) {
            cancels.add(received);
            states.computeIfPresent(deployment, (id, state) -> state.equals("running") ? "cancelled" : state);
            return;
        }
        documents.add(received);
        starts.computeIfAbsent(deployment, id -> new AtomicInteger()).incrementAndGet();
        if (states.putIfAbsent(deployment, "running") == null) {
            callbackUrls.put(deployment, received.json().path("callbackUrl").asText());
        }
    }

    /** Why the POST is not from Slipway, or null when its timestamp and signature verify. */
    private String problem(Map<String, List<String>> headers, byte[] body) {
        String timestamp = first(headers, "X-Slipway-Timestamp");
        String signature = first(headers, "X-Slipway-Signature");
        if (timestamp == null || signature == null) {
            return "missing X-Slipway-Timestamp or X-Slipway-Signature";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "X-Slipway-Timestamp is not unix seconds";
        }
        if (Math.abs(Instant.now().getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return "X-Slipway-Timestamp is too old or in the future";
        }
        byte[] signed = new byte[timestamp.length() + 1 + body.length];
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        String expected = "sha256=" + hmac(signed);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                signature.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8))) {
            return "X-Slipway-Signature does not verify";
        }
        return null;
    }

    private String hmac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
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
            return !closing.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void answer(HttpExchange exchange, Canned canned) throws IOException {
        byte[] bytes = canned.body() == null ? new byte[0] : canned.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(canned.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static JsonNode json(byte[] body) {
        try {
            JsonNode node = body.length == 0 ? null : JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                query.putIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return Collections.unmodifiableMap(query);
    }

    private static String decode(String component) {
        return URLDecoder.decode(component.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
