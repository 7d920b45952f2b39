package dev.slipway.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Slack Web API on 127.0.0.1 that says yes to everything and remembers nothing, so that the reports Slipway
 * posts in the background during a run stay on the machine and cost the load generator little.
 * Unlike {@code FakeSlack} it keeps no record of calls, which a run of hundreds of thousands would fill memory with.
 */
final class AlwaysOkSlack implements AutoCloseable {
    private static final Pattern CHANNEL = Pattern.compile("(?:^|&)channel=([^&]*)|\"channel\"\\s*:\\s*\"([^\"]*)\"");
    private static final String AUTH_TEST = "{\"ok\":true,\"url\":\"https://bench.slack.com/\",\"team\":\"Bench\","
            + "\"user\":\"deploybot\",\"team_id\":\"T1\",\"user_id\":\"U0009\",\"bot_id\":\"B0001\",\"is_enterprise_install\":false}";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final AtomicLong posted = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

    AlwaysOkSlack() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    long calls() {
        return calls.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            calls.incrementAndGet();
            String method = exchange.getRequestURI().getPath().substring("/api/".length());
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String body;
            if (method.equals("auth.test")) {
                body = AUTH_TEST;
            } else {
                long n = posted.incrementAndGet();
                String ts = "%d.%06d".formatted(1_717_171_800L + n / 1_000_000, n % 1_000_000);
                body = "{\"ok\":true,\"channel\":\"" + channelOf(request) + "\",\"ts\":\"" + ts + "\",\"message_ts\":\"" + ts
                        + "\",\"message\":{\"type\":\"message\",\"user\":\"U0009\",\"bot_id\":\"B0001\",\"ts\":\"" + ts + "\"}}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } finally {
            exchange.close();
        }
    }

    private static String channelOf(String request) {
        Matcher m = CHANNEL.matcher(request);
        if (!m.find()) {
            return "C1";
        }
        String channel = m.group(1) != null ? m.group(1) : m.group(2);
        return channel.replaceAll("[^A-Za-z0-9]", "");
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
