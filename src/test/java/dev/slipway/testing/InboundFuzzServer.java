package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * One real Slipway on 127.0.0.1 for a fuzz test class, with every inbound hook configured and job workers idle (so
 * the database changes only when a request changes it), and the oracle every fuzzed request is held to:
 * {@link #send} fails when the answer is a 5xx, shows a stack trace or a class name the request did not contain,
 * when an error was logged while it was handled (an exception that a catch-all swallowed), or when a request
 * answered 4xx changed the database.
 */
public final class InboundFuzzServer implements AutoCloseable {
    public static final String NOTIFY_TOKEN = ServerHarness.NOTIFY_TOKEN;
    public static final String GITLAB_TOKEN = ServerHarness.GITLAB_WEBHOOK_TOKEN;
    public static final String GITHUB_SECRET = Fixtures.secretOf("github-ping.json");
    public static final String CIRCLECI_SECRET = Fixtures.secretOf("circleci-workflow-completed.json");
    public static final String HOOK_TOKEN = "build-hook-token-0001";
    public static final String WEBHOOK_SECRET = "webhook-environment-secret-0001";
    public static final String PROJECT = "web-api";
    public static final String WEBHOOK_PROJECT = "receiver";
    public static final String WEBHOOK_ENVIRONMENT = "production";
    /** The Slack app's OAuth credentials, when the server lets people sign in to its pages with Slack. */
    public static final String SIGN_IN_CLIENT_ID = "1111.2222";
    public static final String SIGN_IN_CLIENT_SECRET = "sign-in-client-secret-0001";

    /** Tables a refused request must leave as they were; audit rows of refusals are written on purpose. */
    private static final List<String> STATE = List.of("deployments", "jobs", "idempotency_keys", "locks", "freezes",
            "reviews", "review_verdicts", "deployment_verdicts", "response_urls", "handed_on_runs", "channel_bindings",
            "people_links", "approval_messages", "review_messages", "deployment_outputs", "slack_installations",
            "web_login_links", "web_sessions");
    /** API tokens but when each was last used, which every authenticated call records on purpose. */
    private static final String API_TOKENS = "SELECT id, name, person, token_hash, created_at, revoked_at"
            + " FROM api_tokens ORDER BY id";
    private static final String AUDIT = "SELECT * FROM audit_events WHERE action NOT LIKE '%.refused' ORDER BY id";
    /** A stack frame, or a qualified name of the JDK's, Slipway's or a library's class. */
    private static final Pattern LEAK = Pattern.compile(
            "\\tat |\\bat [a-z]+\\.[\\w.$]+\\(|\\b(?:java|javax|jakarta|sun|dev\\.slipway|com\\.fasterxml|com\\.slack|io\\.javalin"
                    + "|org\\.eclipse|org\\.jdbi|org\\.sqlite|okhttp3)\\.[a-z]\\w*(?:\\.\\w+)*|\\b\\w*(?:Exception|Error)\\b");

    private final ServerHarness server;
    private final FakeSlack slack;
    private final FakeGitLab gitlab;
    private final Connection database;
    private final List<String> errors = new ArrayList<>();
    private final AppenderBase<ILoggingEvent> errorLog = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                synchronized (errors) {
                    errors.add(event.getLoggerName() + ": " + event.getFormattedMessage()
                            + (event.getThrowableProxy() == null ? "" : " (" + event.getThrowableProxy().getClassName()
                            + ": " + event.getThrowableProxy().getMessage() + ")"));
                }
            }
        }
    };

    private InboundFuzzServer(ServerHarness server, FakeSlack slack, FakeGitLab gitlab, Path dir) throws SQLException {
        this.server = server;
        this.slack = slack;
        this.gitlab = gitlab;
        this.database = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("slipway.db"));
        try (Statement statement = database.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 5000");
        }
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        errorLog.setContext(logging);
        errorLog.start();
        logging.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(errorLog);
    }

    /** A server in {@code dir} with its own {@link FakeSlack} and {@link FakeGitLab}. */
    public static InboundFuzzServer start(Path dir) {
        return start(dir, false);
    }

    /**
     * As {@link #start(Path)}; with {@code slackSignIn}, the Slack app also has OAuth credentials (and its bot token),
     * so that {@code /auth/slack/callback} is served.
     */
    public static InboundFuzzServer start(Path dir, boolean slackSignIn) {
        FakeSlack slack = new FakeSlack(FakeSlack.TOKEN);
        FakeGitLab gitlab = new FakeGitLab(ServerHarness.TRIGGER_TOKEN);
        // Continues the slack: section the harness's head ends with.
        String signIn = slackSignIn ? "  clientId: \"%s\"\n  clientSecret: %s\n".formatted(SIGN_IN_CLIENT_ID,
                SIGN_IN_CLIENT_SECRET) : "";
        if (slackSignIn) {
            slack.acceptClient(SIGN_IN_CLIENT_ID, SIGN_IN_CLIENT_SECRET);
        }
        String rest = signIn + """
                hooks:
                  notifyToken: %1$s
                  gitlabToken: %2$s
                  githubSecret: %3$s
                  circleciSecret: %4$s
                projects:
                  - id: %5$s
                    channel: %6$s
                    defaultEnvironment: production
                    owners: [%7$s]
                    hookToken: %8$s
                    environments:
                      production:
                        allowedRefs: [main]
                        backend: { type: gitlab, url: "%9$s", projectId: 4242, triggerToken: %10$s, ref: main }
                      staging:
                        backend: { type: gitlab, url: "%9$s", projectId: acme/web-api, triggerToken: %10$s }
                  - id: %11$s
                    channel: %6$s
                    owners: [%7$s]
                    environments:
                      %12$s:
                        backend: { type: webhook, url: "http://127.0.0.1:9/deploy", secret: %13$s }
                """.formatted(NOTIFY_TOKEN, GITLAB_TOKEN, GITHUB_SECRET, CIRCLECI_SECRET, PROJECT,
                ServerHarness.CHANNEL, ServerHarness.OWNER, HOOK_TOKEN, gitlab.url(), ServerHarness.TRIGGER_TOKEN,
                WEBHOOK_PROJECT, WEBHOOK_ENVIRONMENT, WEBHOOK_SECRET);
        try {
            return new InboundFuzzServer(ServerHarness.startIdle(dir, slack, rest), slack, gitlab, dir);
        } catch (SQLException | RuntimeException e) {
            gitlab.close();
            slack.close();
            throw new IllegalStateException("the fuzzed server did not start", e);
        }
    }

    public int port() {
        return server.port();
    }

    public SlackRequests slack() {
        return server.slack();
    }

    public ServerHarness harness() {
        return server;
    }

    public FakeSlack fakeSlack() {
        return slack;
    }

    /** The rows {@code query} reads from the server's database, each column as text. */
    public List<List<String>> query(String query) {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = database.createStatement(); ResultSet result = statement.executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /**
     * Sends one request ({@code request} is everything the fuzzer put into it, to tell an echo from a leak) and
     * checks the answer; null when the HTTP client itself refused to send it (a header it cannot write).
     */
    public HttpResponse<String> send(String request, Supplier<HttpResponse<String>> send) {
        Map<String, String> before = rows();
        synchronized (errors) {
            errors.clear();
        }
        HttpResponse<String> response;
        try {
            response = send.get();
        } catch (IllegalArgumentException unsendable) {
            return null;
        }
        String answer = response.body();
        assertThat(response.statusCode()).as("status of %s", answer).isBetween(200, 499);
        assertThat(leaks(answer, request)).as("names or frames in the answer %s", answer).isEmpty();
        synchronized (errors) {
            assertThat(errors).as("errors logged while answering %d %s", response.statusCode(), answer).isEmpty();
        }
        if (response.statusCode() >= 400) {
            assertThat(rows()).as("the database after %d %s", response.statusCode(), answer).isEqualTo(before);
        }
        return response;
    }

    /**
     * How a fuzzed Slack request is signed: as Slack signs it ({@code mode} 0 to 4), with a wrong secret (5), a stale
     * timestamp (6), or fuzzed headers (7). Read first, from the last byte of the fuzzer's data.
     */
    public record Signing(int mode, String timestamp, String signature) {
        public static Signing from(FuzzedDataProvider data) {
            int mode = data.consumeInt(0, 7);
            return mode == 7 ? new Signing(mode, FuzzedBodies.headerValue(data.consumeString(20)),
                    FuzzedBodies.headerValue(data.consumeString(80))) : new Signing(mode, null, null);
        }

        boolean mangled() {
            return mode >= 5;
        }
    }

    /** Posts {@code body} to {@code /slack/events}, signed as {@code signing} says; a mangled one must get 401. */
    public HttpResponse<String> sendToSlack(Signing signing, String contentType, String body,
                                            Map<String, String> headers) {
        SlackRequests requests = slack();
        long now = java.time.Instant.now().getEpochSecond();
        HttpResponse<String> response = send(body + headers, () -> switch (signing.mode()) {
            case 5 -> new SlackRequests(port(), "not-the-signing-secret").post(contentType, body, headers);
            case 6 -> requests.send(contentType, body, Long.toString(now - 600),
                    SlackRequests.sign(SlackRequests.SECRET, now - 600, body), headers);
            case 7 -> requests.send(contentType, body, signing.timestamp(), signing.signature(), headers);
            default -> requests.post(contentType, body, headers);
        });
        if (response != null && signing.mangled()) {
            assertThat(response.statusCode()).as("a badly signed request: %s", response.body()).isIn(401, 413);
        }
        return response;
    }

    /** What in {@code answer} looks like a class name or a stack frame and was not in the request. */
    static List<String> leaks(String answer, String request) {
        List<String> leaks = new ArrayList<>();
        Matcher matcher = LEAK.matcher(answer);
        while (matcher.find()) {
            if (!request.contains(matcher.group())) {
                leaks.add(matcher.group());
            }
        }
        return leaks;
    }

    /** A digest of every row of each table a refused request must not change. */
    private Map<String, String> rows() {
        Map<String, String> digests = new LinkedHashMap<>();
        try (Statement statement = database.createStatement()) {
            for (String table : STATE) {
                digests.put(table, digest(statement, "SELECT * FROM " + table));
            }
            digests.put("api_tokens", digest(statement, API_TOKENS));
            digests.put("audit_events", digest(statement, AUDIT));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return digests;
    }

    private static String digest(Statement statement, String query) throws SQLException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int count = 0;
        try (ResultSet rows = statement.executeQuery(query)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                count++;
                for (int i = 1; i <= columns; i++) {
                    sha.update(String.valueOf(rows.getString(i)).getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                }
            }
        }
        return count + ":" + HexFormat.of().formatHex(sha.digest());
    }

    @Override
    public void close() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(errorLog);
        errorLog.stop();
        try {
            database.close();
        } catch (SQLException ignored) {
            // the server and its database go next
        }
        server.close();
        gitlab.close();
        slack.close();
    }
}
