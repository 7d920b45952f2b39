package dev.slipway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.store.Store;
import dev.slipway.store.sqlite.SqliteStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpServerTest {
    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void health_and_readiness_answer_on_a_migrated_database() throws Exception {
        try (Store store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("s.db"), 2);
             HttpServer server = new HttpServer(store, Duration.ofSeconds(10))) {
            int port = server.start("127.0.0.1", 0);
            assertThat(port).isPositive();
            assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(port, "/readyz");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("ready");
        }
    }

    @Test
    void readiness_fails_when_the_database_is_gone_but_health_does_not() throws Exception {
        Store store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("s.db"), 2);
        try (HttpServer server = new HttpServer(store, Duration.ofSeconds(10))) {
            int port = server.start("127.0.0.1", 0);
            store.close();
            assertThat(get(port, "/readyz").statusCode()).isEqualTo(503);
            assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void unknown_paths_get_404_without_internals() throws Exception {
        try (Store store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("s.db"), 2);
             HttpServer server = new HttpServer(store, Duration.ofSeconds(10))) {
            int port = server.start("127.0.0.1", 0);
            HttpResponse<String> response = get(port, "/nope");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.slipway");
        }
    }

    @Test
    void every_request_is_named_in_its_answer_and_in_the_lines_logged_while_it_is_handled() throws Exception {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        jakarta.servlet.http.HttpServlet logging = new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void doGet(jakarta.servlet.http.HttpServletRequest request,
                                 jakarta.servlet.http.HttpServletResponse response) {
                seen.add(org.slf4j.MDC.get(RequestIdFilter.FIELD));
                response.setStatus(204);
            }
        };
        try (Store store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("s.db"), 2);
             HttpServer server = new HttpServer(store, Duration.ofSeconds(10), java.util.Optional.empty(),
                     java.util.List.of(new HttpServer.Mount("/probe", logging, null)))) {
            int port = server.start("127.0.0.1", 0);
            HttpResponse<String> fresh = get(port, "/probe");
            HttpResponse<String> given = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/probe")).header("X-Request-Id", "lb-7f3a.42").build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> odd = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/probe")).header("X-Request-Id", "x\" forged=\"1").build(), HttpResponse.BodyHandlers.ofString());

            String freshId = fresh.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(freshId).matches("[0-9a-f]{16}");
            assertThat(given.headers().firstValue("X-Request-Id")).hasValue("lb-7f3a.42");
            String oddId = odd.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(oddId).matches("[0-9a-f]{16}").isNotEqualTo(freshId);
            assertThat(seen).containsExactly(freshId, "lb-7f3a.42", oddId);
            assertThat(get(port, "/healthz").headers().firstValue("X-Request-Id")).isPresent();
        }
    }
}
