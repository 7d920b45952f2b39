package dev.slipway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.slipway.testing.ServerHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Clients that lie about their bodies, cut them short or send them a byte at a time, over raw sockets so the test
 * controls every byte: each gets a plain one-line answer (or is cut off) within a bounded time, nothing is logged
 * with a stack trace, and the health checks keep answering meanwhile.
 */
class SlowAndBrokenClientsSecurityTest {
    private static final List<String> BODY_ENDPOINTS =
            List.of("/slack/events", "/hooks/notify", "/hooks/gitlab", "/hooks/build-complete");
    /** Short, so that cutting slow clients off takes seconds in this test, not the default's ten. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;
    private ServerHarness server;

    @AfterEach
    void stop() {
        if (server != null) {
            try {
                assertThat(server.deployments()).isEmpty();
            } finally {
                server.close();
            }
        }
    }

    @Test
    void declared_lengths_over_one_mebibyte_get_413_at_once_on_every_endpoint() throws IOException {
        server = ServerHarness.startWithFakes(dir);
        for (String path : BODY_ENDPOINTS) {
            try (Socket socket = connect(Duration.ofSeconds(3))) {
                write(socket, head(path, "application/json", 100L * 1024 * 1024) + "{\"a\":1}");
                Answer answer = Answer.read(socket.getInputStream());
                assertThat(answer.status()).as(path).isEqualTo(413);
                assertOneLine(answer.body());
            }
        }
    }

    @Test
    void a_body_that_ends_before_its_declared_length_gets_400_and_one_log_line() throws Exception {
        server = ServerHarness.startWithFakes(dir);
        ListAppender<ILoggingEvent> logs = captureLogs();
        try {
            Map<String, String> typeByPath = Map.of("/slack/events", "application/json",
                    "/hooks/notify", "application/x-www-form-urlencoded", "/hooks/gitlab", "application/json",
                    "/hooks/build-complete", "application/json");
            for (String path : BODY_ENDPOINTS) {
                try (Socket socket = connect(Duration.ofSeconds(5))) {
                    write(socket, head(path, typeByPath.get(path), 1000) + "result=su");
                    socket.shutdownOutput();
                    Answer answer = Answer.read(socket.getInputStream());
                    assertThat(answer.status()).as(path).isEqualTo(400);
                    assertOneLine(answer.body());
                    assertThat(answer.body()).contains("ended before its declared length");
                }
            }
            // One more round trip, so that anything logged about the requests above has been logged.
            assertThat(get("/healthz").statusCode()).isEqualTo(200);
            List<ILoggingEvent> warnings = logs.list.stream()
                    .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN)).toList();
            assertThat(warnings).allSatisfy(event -> {
                assertThat(event.getThrowableProxy()).isNull();
                assertThat(event.getFormattedMessage()).doesNotContain("\n");
            });
            assertThat(warnings).filteredOn(event -> event.getFormattedMessage().contains("ended before"))
                    .hasSize(BODY_ENDPOINTS.size());
        } finally {
            releaseLogs(logs);
        }
    }

    @Test
    void slow_bodies_neither_starve_the_health_checks_nor_stay_connected() throws Exception {
        server = ServerHarness.startWithFakes(dir, REQUEST_TIMEOUT);
        int clients = 300;
        List<Socket> sockets = new ArrayList<>();
        Map<Socket, ByteArrayOutputStream> received = new ConcurrentHashMap<>();
        Map<Socket, Integer> statusBySocket = new ConcurrentHashMap<>();
        AtomicInteger cutOff = new AtomicInteger();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < clients; i++) {
                Socket socket = connect(Duration.ofSeconds(5));
                sockets.add(socket);
                received.put(socket, new ByteArrayOutputStream());
                String path = BODY_ENDPOINTS.get(i % BODY_ENDPOINTS.size());
                write(socket, head(path, "application/json", 500 * 1024, credentials(path)) + "{");
            }
            long stopTrickling = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            AtomicBoolean sending = new AtomicBoolean(true);
            // One byte a second on every connection the server has not answered or closed yet.
            trickle.scheduleAtFixedRate(() -> {
                if (System.nanoTime() > stopTrickling) {
                    sending.set(false);
                    return;
                }
                for (Socket socket : sockets) {
                    if (socket.isClosed()) {
                        continue;
                    }
                    try {
                        InputStream in = socket.getInputStream();
                        int available = in.available();
                        if (available > 0) {
                            received.get(socket).write(in.readNBytes(available));
                            Integer status = Answer.status(received.get(socket).toString(StandardCharsets.ISO_8859_1));
                            if (status != null) {
                                statusBySocket.put(socket, status);
                                socket.close();
                                continue;
                            }
                        }
                        socket.getOutputStream().write('x');
                        socket.getOutputStream().flush();
                    } catch (IOException e) {
                        cutOff.incrementAndGet();
                        closeQuietly(socket);
                    }
                }
            }, 1, 1, TimeUnit.SECONDS);

            // While they trickle, the health checks answer at once, every time.
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            for (int i = 0; i < 5; i++) {
                for (String path : List.of("/healthz", "/readyz")) {
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(url(path))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).as(path).isEqualTo(200);
                }
            }
            assertThat(statusBySocket.size() + cutOff.get()).as("clients cut off while checking health")
                    .isLessThan(clients);

            // Then every one of them is answered (408 for its body's time running out, 503 for waiting too long
            // for a turn) or cut off, well before the trickle would have ended by itself.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> statusBySocket.size() + cutOff.get() == clients);
            assertThat(sending).isTrue();
            assertThat(statusBySocket.values()).containsOnly(408, 503).contains(408);
        } finally {
            trickle.shutdownNow();
            assertThat(trickle.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            sockets.forEach(SlowAndBrokenClientsSecurityTest::closeQuietly);
        }
    }

    @Test
    void a_client_that_trickles_its_headers_is_cut_off() throws Exception {
        server = ServerHarness.startWithFakes(dir, REQUEST_TIMEOUT);
        try (Socket socket = connect(Duration.ofMillis(200))) {
            write(socket, "POST /hooks/notify HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            boolean cut = false;
            // A header byte every 200 ms: never idle long enough for an idle timeout to notice.
            while (!cut && System.nanoTime() < deadline) {
                try {
                    write(socket, "X");
                    assertThat(socket.getInputStream().read()).isEqualTo(-1);
                    cut = true;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // The server is still waiting for the rest of the headers; send another byte.
                } catch (IOException reset) {
                    cut = true;
                }
            }
            assertThat(cut).as("the connection was closed within 15 s").isTrue();
            assertThat(get("/healthz").statusCode()).isEqualTo(200);
        }
    }

    private Socket connect(Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
        socket.setSoTimeout((int) readTimeout.toMillis());
        return socket;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static String head(String path, String contentType, long contentLength) {
        return head(path, contentType, contentLength, "");
    }

    private static String head(String path, String contentType, long contentLength, String moreHeaders) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + contentLength + "\r\n" + moreHeaders + "\r\n";
    }

    /** Headers that get a request past the checks that come before its body is read. */
    private static String credentials(String path) {
        return switch (path) {
            case "/hooks/gitlab" -> "X-Gitlab-Token: " + ServerHarness.GITLAB_WEBHOOK_TOKEN + "\r\n";
            case "/hooks/build-complete" -> "Authorization: Bearer some-hook-token\r\n";
            default -> "";
        };
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void assertOneLine(String body) {
        assertThat(body).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("<html")
                .hasLineCount(1);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a socket the server already reset.
        }
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
        return appender;
    }

    private static void releaseLogs(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
        appender.stop();
    }

    /** A response read off a raw socket: its status and its body (by Content-Length, chunks, or up to the close). */
    private record Answer(int status, String body) {
        static Integer status(String received) {
            int end = received.indexOf("\r\n");
            if (end < 0 || !received.startsWith("HTTP/1.1 ")) {
                return null;
            }
            return Integer.parseInt(received.substring(9, 12));
        }

        static Answer read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the connection closed before a response: " + head);
                }
                head.write(b);
            }
            String headers = head.toString(StandardCharsets.ISO_8859_1);
            String lower = headers.toLowerCase(java.util.Locale.ROOT);
            byte[] body;
            int length = lower.indexOf("\r\ncontent-length:");
            if (length >= 0) {
                int end = lower.indexOf("\r\n", length + 2);
                body = in.readNBytes(Integer.parseInt(headers.substring(length + 17, end).trim()));
            } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
                ByteArrayOutputStream chunks = new ByteArrayOutputStream();
                while (true) {
                    int size = Integer.parseInt(line(in).trim(), 16);
                    if (size == 0) {
                        break;
                    }
                    chunks.write(in.readNBytes(size));
                    line(in);
                }
                body = chunks.toByteArray();
            } else {
                body = in.readAllBytes();
            }
            return new Answer(status(headers), new String(body, StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
