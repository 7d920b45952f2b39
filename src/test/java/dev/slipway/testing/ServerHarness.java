package dev.slipway.testing;

import dev.slipway.Slipway;
import dev.slipway.SlipwayServer;
import dev.slipway.backend.Repositories;
import dev.slipway.config.ConfigException;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.domain.Deployment;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Slipway server on 127.0.0.1 with Slack pointed at a {@link FakeSlack} and a project whose environments
 * trigger pipelines on a {@link FakeGitLab}: the whole path of SPEC's release-by-mention workflow.
 */
public final class ServerHarness implements AutoCloseable {
    public static final String NOTIFY_TOKEN = "notify-token-0001";
    public static final String GITLAB_WEBHOOK_TOKEN = "acceptance-gitlab-webhook-token-0001";
    public static final String TRIGGER_TOKEN = "glptt-FakeTriggerToken00000000001";
    public static final String CHANNEL = "C0001";
    public static final String OWNER = "U0001";

    private final SlipwayConfig config;
    private SlipwayServer server;

    private FakeSlack ownSlack;
    private Repositories repositories;
    private FakeGitLab ownGitLab;

    private ServerHarness(SlipwayConfig config) {
        this.config = config;
    }

    /** A server with a {@link FakeSlack} and a {@link FakeGitLab} of its own, which {@link #close} closes too. */
    public static ServerHarness startWithFakes(Path dir) {
        return startWithFakes(dir, null);
    }

    /** As {@link #startWithFakes(Path)}, with {@code server.requestTimeout} set (null: the default). */
    public static ServerHarness startWithFakes(Path dir, Duration requestTimeout) {
        return startWithFakes(dir, requestTimeout, sqlite(dir));
    }

    /** As {@link #startWithFakes(Path)}, on the PostgreSQL database at {@code jdbcUrl}, connecting as {@code user}. */
    public static ServerHarness startWithFakesOnPostgres(Path dir, String jdbcUrl, String user) {
        return startWithFakes(dir, (Duration) null, "database: { url: \"%s\", username: %s }".formatted(jdbcUrl, user));
    }

    /** As {@link #startWithFakes(Path)}, with {@code server.metricsToken} set. */
    public static ServerHarness startWithFakesAndMetricsToken(Path dir, String metricsToken) {
        return startWithFakes(dir, ", metricsToken: " + metricsToken, sqlite(dir));
    }

    /** As {@link #startWithFakes(Path)}, with {@code server.publicUrl} set (it listens on a free port all the same). */
    public static ServerHarness startWithFakesAndPublicUrl(Path dir, String publicUrl) {
        return startWithFakes(dir, ", publicUrl: \"" + publicUrl + "\"", sqlite(dir));
    }

    private static ServerHarness startWithFakes(Path dir, Duration requestTimeout, String database) {
        return startWithFakes(dir, requestTimeout == null ? "" : ", requestTimeout: " + requestTimeout.toMillis() + "ms",
                database);
    }

    /** {@code serverSettings}: more of the {@code server:} section, each after a comma. */
    private static ServerHarness startWithFakes(Path dir, String serverSettings, String database) {
        FakeSlack slack = new FakeSlack(FakeSlack.TOKEN);
        FakeGitLab gitlab = new FakeGitLab(TRIGGER_TOKEN);
        try {
            ServerHarness harness = start(dir, slack, gitlab, "signingSecret: " + SlackRequests.SECRET, serverSettings,
                    database);
            harness.ownSlack = slack;
            harness.ownGitLab = gitlab;
            return harness;
        } catch (RuntimeException e) {
            gitlab.close();
            slack.close();
            throw e;
        }
    }

    public FakeSlack fakeSlack() {
        return ownSlack;
    }

    public FakeGitLab fakeGitLab() {
        return ownGitLab;
    }

    /** Slack reaches it over HTTP, with requests signed by {@link SlackRequests#SECRET}. */
    public static ServerHarness start(Path dir, FakeSlack slack, FakeGitLab gitlab) {
        return start(dir, slack, gitlab, "signingSecret: " + SlackRequests.SECRET, "", sqlite(dir));
    }

    /**
     * Slipway connects to Slack over Socket Mode with {@code appToken} and has no signing secret, so it serves no
     * {@code /slack/events}. Serve Socket Mode first: {@code slack.socketMode(appToken)}.
     */
    public static ServerHarness startSocketMode(Path dir, FakeSlack slack, FakeGitLab gitlab, String appToken) {
        return start(dir, slack, gitlab, "socketMode: true\n  appToken: " + appToken, "", sqlite(dir));
    }

    /**
     * A server with Slack over HTTP on {@code slack} and the given {@code projects:} section (YAML indented as a
     * top-level key's value, each line starting with two spaces).
     */
    public static ServerHarness startWithProjects(Path dir, FakeSlack slack, String projects) {
        return startWithProjects(dir, slack, projects, null);
    }

    /** As {@link #startWithProjects(Path, FakeSlack, String)}, with {@code repositories} as the projects' code host. */
    public static ServerHarness startWithProjects(Path dir, FakeSlack slack, String projects, Repositories repositories) {
        return startWithYaml(dir, head(dir, "signingSecret: " + SlackRequests.SECRET, slack, "", sqlite(dir))
                + "projects:\n" + projects, repositories);
    }

    /** A server whose configuration after Slack is {@code rest}: its {@code hooks:} and {@code projects:}. */
    public static ServerHarness startWith(Path dir, FakeSlack slack, String rest) {
        return startWithYaml(dir, head(dir, "signingSecret: " + SlackRequests.SECRET, slack, "", sqlite(dir)) + rest);
    }

    /**
     * As {@link #startWith(Path, FakeSlack, String)}, listening on a free port it picks first, with
     * {@code server.publicUrl} the address it is reached at there (callbacks that webhook receivers make).
     */
    public static ServerHarness startWithPublicUrl(Path dir, FakeSlack slack, String rest) {
        return startWithYaml(dir, withPublicUrl(head(dir, "signingSecret: " + SlackRequests.SECRET, slack, "",
                sqlite(dir))) + rest);
    }

    /**
     * A distributable Slack app: no bot token, the app's OAuth credentials, {@code server.publicUrl} where it listens;
     * workspaces install it at {@code /slack/install}. {@code rest} is its {@code hooks:} and {@code projects:}.
     */
    public static ServerHarness startDistributed(Path dir, FakeSlack slack, String clientId, String clientSecret,
                                                 String rest) {
        String head = withPublicUrl(head(dir, "signingSecret: " + SlackRequests.SECRET, slack, "", sqlite(dir)))
                .replace("  botToken: " + FakeSlack.TOKEN + "\n",
                        "  clientId: \"" + clientId + "\"\n  clientSecret: " + clientSecret + "\n");
        return startWithYaml(dir, head + rest);
    }

    /**
     * As {@link #startWithPublicUrl(Path, FakeSlack, String)}, with job workers that poll once at start and then not
     * for an hour (what a request enqueues stays as it was written, so the database changes only when a request does)
     * and 30s to answer a request, so that a slow machine is not taken for a failing server.
     */
    public static ServerHarness startIdle(Path dir, FakeSlack slack, String rest) {
        return startWithYaml(dir, withPublicUrl(head(dir, "signingSecret: " + SlackRequests.SECRET, slack,
                ", requestTimeout: 30s", sqlite(dir))).replace("pollInterval: 20ms", "pollInterval: 1h") + rest);
    }

    /** Listening on a free port picked first, with {@code server.publicUrl} the address it is reached at there. */
    private static String withPublicUrl(String head) {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return head.replace("port: 0", "port: " + port + ", publicUrl: \"http://127.0.0.1:" + port + "\"");
    }

    private static String sqlite(Path dir) {
        return "database: { url: \"jdbc:sqlite:%s/slipway.db\" }".formatted(dir);
    }

    /** Everything but hooks and projects: the server on loopback, the database, quick jobs, Slack. */
    private static String head(Path dir, String slackConnection, FakeSlack slack, String serverSettings,
                               String database) {
        return """
                server: { host: 127.0.0.1, port: 0%5$s }
                %6$s
                dataDir: %1$s/data
                jobs: { workers: 4, initialBackoff: 100ms, maxBackoff: 2s, lease: 5s, pollInterval: 20ms }
                slack:
                  %2$s
                  botToken: %3$s
                  apiUrl: %4$s
                """.formatted(dir, slackConnection, FakeSlack.TOKEN, slack.apiUrl(), serverSettings, database);
    }

    private static ServerHarness start(Path dir, FakeSlack slack, FakeGitLab gitlab, String slackConnection,
                                       String serverSettings, String database) {
        String yaml = head(dir, slackConnection, slack, serverSettings, database) + """
                hooks:
                  notifyToken: %5$s
                  gitlabToken: %6$s
                projects:
                  - id: web-api
                    channel: %7$s
                    defaultEnvironment: production
                    owners: [%8$s]
                    environments:
                      production:
                        allowedRefs: [main]
                        backend:
                          type: gitlab
                          url: %9$s
                          projectId: 4242
                          triggerToken: %10$s
                          ref: main
                          variables:
                            RELEASE: "true"
                            DEPLOY_ENV: "{{environment}}"
                            SLACK_CHANNEL: "{{channel}}"
                            SLACK_THREAD_TS: "{{thread}}"
                      staging:
                        backend:
                          type: gitlab
                          url: %9$s
                          projectId: acme/web-api
                          triggerToken: %10$s
                          variables:
                            SLACK_THREAD_TS: "{{thread}}"
                      preview:
                        defaultRef: main
                        backend:
                          type: gitlab
                          url: %9$s
                          projectId: 4242
                          triggerToken: %10$s
                          pipelineTimeout: 1s
                """.formatted(dir, slackConnection, FakeSlack.TOKEN, slack.apiUrl(), NOTIFY_TOKEN,
                GITLAB_WEBHOOK_TOKEN, CHANNEL, OWNER, gitlab.url(), TRIGGER_TOKEN);
        return startWithYaml(dir, yaml);
    }

    private static ServerHarness startWithYaml(Path dir, String yaml) {
        return startWithYaml(dir, yaml, null);
    }

    private static ServerHarness startWithYaml(Path dir, String yaml, Repositories repositories) {
        try {
            Path file = dir.resolve("slipway.yaml");
            Files.writeString(file, yaml);
            SlipwayConfig config = new ConfigLoader(Slipway.backendSettingsTypes(), Slipway.backendRefKinds(),
                    Slipway.backendChains(), name -> null).load(file);
            ServerHarness harness = new ServerHarness(config);
            harness.repositories = repositories;
            harness.open();
            return harness;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.errors().toString(), e);
        }
    }

    private void open() {
        try {
            server = repositories == null ? SlipwayServer.start(config, Clock.systemUTC())
                    : SlipwayServer.start(config, repositories, Clock.systemUTC());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server as SIGTERM would and starts a new one on the same database. */
    public void restart() {
        server.stop(Duration.ofSeconds(1));
        open();
    }

    public int port() {
        return server.port();
    }

    public SlackRequests slack() {
        return new SlackRequests(port(), SlackRequests.SECRET);
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return LoopbackHttp.get(port(), pathAndQuery);
    }

    public HttpResponse<String> post(String path, String contentType, String body, Map<String, String> headers) {
        return LoopbackHttp.post(port(), path, contentType, body, headers);
    }

    public List<Deployment> deployments() {
        return server.slipway().store().inTransaction(tx -> tx.deployments().listRecent(null, null, 100));
    }

    public Slipway slipway() {
        return server.slipway();
    }

    @Override
    public void close() {
        server.close();
        if (ownGitLab != null) {
            ownGitLab.close();
        }
        if (ownSlack != null) {
            ownSlack.close();
        }
    }
}
