package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/** {@link Browser} against a page of a JDK HttpServer: a form, a cookie, a few lines of JavaScript, a screenshot. */
@ExtendWith(BrowserScreenshots.class)
class BrowserTest {
    private static final String PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>Slipway browser test</title></head>
            <body>
              <h1>Deploys</h1>
              <p id="flash">%s</p>
              <p>Theme: <span id="theme">%s</span></p>
              <form method="post" action="/deploy">
                <input id="service" name="service">
                <select id="env" name="env"><option>staging</option><option>prod</option></select>
                <button id="deploy" type="submit">Deploy</button>
              </form>
              <button id="pause" type="button">Pause</button> <span id="state">running</span>
              <p>Last deploy <time id="at" datetime="2024-03-01T12:34:00Z">2024-03-01T12:34:00Z</time></p>
              <script>
                document.getElementById('pause').addEventListener('click', () =>
                    setTimeout(() => { document.getElementById('state').textContent = 'paused'; }, 100));
                for (const time of document.querySelectorAll('time[datetime]')) {
                  const d = new Date(time.dateTime), two = n => String(n).padStart(2, '0');
                  time.textContent = d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate())
                      + ' ' + two(d.getHours()) + ':' + two(d.getMinutes());
                  time.dataset.local = 'yes';
                }
                console.log('page ready');
              </script>
            </body></html>
            """;

    private static final Logger SELENIUM_MANAGER = Logger.getLogger("org.openqa.selenium.manager.SeleniumManager");
    private static final Logger DRIVER_FINDER = Logger.getLogger("org.openqa.selenium.remote.service.DriverFinder");
    private static final List<String> SELENIUM_LOG = new CopyOnWriteArrayList<>();

    private static final List<String> posts = new CopyOnWriteArrayList<>();
    private static HttpServer server;
    private static Browser browser;

    @BeforeAll
    static void start() {
        server = LoopbackHttp.serve(BrowserTest::handle, null);
        Handler record = new Handler() {
            @Override
            public void publish(LogRecord entry) {
                SELENIUM_LOG.add(entry.getLoggerName() + ": " + entry.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        for (Logger logger : List.of(SELENIUM_MANAGER, DRIVER_FINDER)) {
            logger.setLevel(Level.ALL);
            logger.addHandler(record);
        }
        try {
            browser = Browser.start();
        } finally {
            for (Logger logger : List.of(SELENIUM_MANAGER, DRIVER_FINDER)) {
                logger.removeHandler(record);
                logger.setLevel(null);
            }
        }
        System.out.println("Browser started in " + browser.startup().toMillis() + " ms");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @BeforeEach
    void fresh() {
        posts.clear();
        browser.open(base() + "/blank");
        browser.deleteCookies();
    }

    private static String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST") && path.equals("/deploy")) {
                try (InputStream in = exchange.getRequestBody()) {
                    posts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                exchange.getResponseHeaders().add("Set-Cookie", "flash=queued; Path=/; HttpOnly");
                exchange.getResponseHeaders().add("Location", "/");
                exchange.sendResponseHeaders(303, -1);
                return;
            }
            String cookies = String.join("; ", exchange.getRequestHeaders().getOrDefault("Cookie", List.of()));
            String html = path.equals("/blank") ? "<!doctype html><title>blank</title>"
                    : PAGE.formatted(cookies.contains("flash=queued") ? "Deploy queued" : "",
                            cookie(cookies, "theme"));
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static String cookie(String header, String name) {
        for (String pair : header.split(";\\s*")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return "none";
    }

    @Test
    void submitsAFormThatTheServerReceives() {
        browser.open(base() + "/");
        assertThat(browser.title()).isEqualTo("Slipway browser test");

        browser.fill(By.id("service"), "checkout api");
        browser.fill(By.id("service"), "checkout-api");
        browser.click(By.cssSelector("#env option:nth-child(2)"));
        browser.click(By.id("deploy"));

        browser.waitUntil(driver -> driver.getCurrentUrl().equals(base() + "/"));
        assertThat(browser.text(By.id("flash"))).isEqualTo("Deploy queued");
        assertThat(posts).containsExactly("service=checkout-api&env=prod");
        assertThat(browser.cookie("flash")).contains("queued");
    }

    @Test
    void runsThePagesJavaScript() {
        browser.open(base() + "/");
        assertThat(browser.text(By.id("state"))).isEqualTo("running");

        browser.click(By.id("pause"));

        browser.waitUntil(driver -> driver.findElement(By.id("state")).getText().equals("paused"));
        long offsetMinutes = ((Number) browser.script(
                "return new Date(arguments[0]).getTimezoneOffset()", "2024-03-01T12:34:00Z")).longValue();
        String local = LocalDateTime.ofInstant(Instant.parse("2024-03-01T12:34:00Z"), ZoneOffset.UTC)
                .minusMinutes(offsetMinutes)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        assertThat(browser.text(By.id("at"))).isEqualTo(local);
        assertThat(browser.waitFor(By.id("at")).getAttribute("data-local")).isEqualTo("yes");
        assertThat(browser.consoleLog()).anySatisfy(line -> assertThat(line).contains("page ready"));
    }

    @Test
    void sendsACookieItWasGiven() {
        browser.open(base() + "/");
        assertThat(browser.text(By.id("theme"))).isEqualTo("none");

        browser.setCookie("theme", "dark");
        browser.open(base() + "/");

        assertThat(browser.text(By.id("theme"))).isEqualTo("dark");
        assertThat(browser.cookies()).anySatisfy(cookie -> {
            assertThat(cookie.getName()).isEqualTo("theme");
            assertThat(cookie.getValue()).isEqualTo("dark");
        });
    }

    @Test
    void savesAScreenshotAsPng() throws IOException {
        browser.open(base() + "/");

        Path file = browser.screenshot("BrowserTest/the page?");

        assertThat(file).isEqualTo(Path.of("target", "screenshots", "BrowserTest_the_page_.png"));
        byte[] png = Files.readAllBytes(file);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        int width = java.nio.ByteBuffer.wrap(png, 16, 4).getInt(); // IHDR, after the signature and chunk head
        assertThat(width).isEqualTo(Browser.WINDOW.getWidth());
    }

    @Test
    void startsWithoutSeleniumManager() {
        assertThat(SELENIUM_LOG).anySatisfy(line -> assertThat(line).contains("Skipping Selenium Manager"));
        assertThat(SELENIUM_LOG).noneSatisfy(line -> assertThat(line).startsWith(SELENIUM_MANAGER.getName()));
    }

    @Test
    void failsNamingThePackagesWhenChromiumIsMissing() {
        assertThatThrownBy(() -> Browser.requireInstalled(Path.of("/nonexistent/chromium"), Browser.CHROMEDRIVER))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("/nonexistent/chromium")
                .hasMessageContaining("apt-get install chromium chromium-driver");
    }

    @Test
    void namesScreenshotFilesSafely() {
        assertThat(Browser.fileName("Dashboard.deploys-failed")).isEqualTo("Dashboard.deploys-failed");
        assertThat(Browser.fileName("../../etc/passwd")).isEqualTo("__.._etc_passwd");
        assertThat(Browser.fileName("")).isEqualTo("_");
    }
}
