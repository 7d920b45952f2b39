package dev.slipway;

import dev.slipway.backend.Repositories;
import dev.slipway.chat.ChatNotifier;
import dev.slipway.chat.slack.SlackInstallFlow;
import dev.slipway.chat.slack.SlackInstallations;
import dev.slipway.chat.slack.SlackNotifier;
import dev.slipway.chat.slack.SlackResponseUrls;
import dev.slipway.chat.slack.SlackSurface;
import dev.slipway.config.SlackConfig;
import dev.slipway.log.LogMasking;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.http.HookRoutes;
import dev.slipway.http.HttpServer;
import dev.slipway.web.ApiRoutes;
import dev.slipway.web.SlackSignIn;
import dev.slipway.web.WebNotifier;
import dev.slipway.web.WebSurface;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slipway as a server: the HTTP endpoints (health, hooks and, when Slack is configured over HTTP,
 * {@code /slack/events}), Slack over Socket Mode when configured, and the job workers.
 */
public final class SlipwayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlipwayServer.class);

    private final Slipway slipway;
    private final HttpServer http;
    private final SlackSurface slack;
    private final int port;
    private final JvmMeters jvm;

    private SlipwayServer(Slipway slipway, HttpServer http, SlackSurface slack, int port, JvmMeters jvm) {
        this.slipway = slipway;
        this.http = http;
        this.slack = slack;
        this.port = port;
        this.jvm = jvm;
    }

    /**
     * Builds and starts everything.
     *
     * @param requestClock the clock Slack request timestamps are checked against (the system clock but in tests)
     */
    public static SlipwayServer start(SlipwayConfig config, Clock requestClock) throws Exception {
        return start(config, Slipway.repositories(config), requestClock);
    }

    /** As {@link #start(SlipwayConfig, Clock)}, with the code host of the projects' repositories given. */
    public static SlipwayServer start(SlipwayConfig config, Repositories repositories, Clock requestClock)
            throws Exception {
        SlackConfig slackConfig = config.slack();
        boolean distributed = slackConfig != null && slackConfig.distributed();
        Clock clock = Clock.systemUTC();
        // The installations and response URLs live in the store Slipway opens; the notifier uses them once jobs run.
        AtomicReference<SlackInstallations> installed = new AtomicReference<>();
        AtomicReference<SlackResponseUrls> responseUrls = new AtomicReference<>();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // A slash command's response URL, kept by the surface, carries reports when the bot cannot post in the channel.
        Slipway slipway = Slipway.open(config, store -> {
            if (slackConfig == null) {
                return Map.<String, ChatNotifier>of(WebSurface.SURFACE, new WebNotifier());
            }
            responseUrls.set(new SlackResponseUrls(store, clock, meters));
            return Map.of(SlackSurface.NAME, distributed
                    ? SlackNotifier.installed(slackConfig.apiUrl(), installed::get, responseUrls.get(), meters)
                    : SlackNotifier.create(slackConfig.apiUrl(), slackConfig.botToken(), responseUrls.get(), meters),
                    WebSurface.SURFACE, new WebNotifier());
        }, repositories, clock, meters);
        JvmMeters jvm = JvmMeters.bindTo(meters);
        SlackSurface slack = null;
        List<HttpServer.Mount> mounts = new ArrayList<>();
        if (slackConfig != null) {
            SlackInstallations installations = distributed ? new SlackInstallations(slipway.store(),
                    clock, LogMasking::register) : null;
            installed.set(installations);
            slack = new SlackSurface(new SlackSurface.Settings(slackConfig.signingSecret(), slackConfig.botToken(),
                    slackConfig.appToken(), slackConfig.apiUrl(), slackConfig.command(), slackConfig.socketMode(),
                    slackConfig.runbookCommand(), slackConfig.clientId(), slackConfig.clientSecret()),
                    slipway.parser(), slipway.dispatcher(), slipway.inbox(), responseUrls.get(),
                    installations);
            if (slackConfig.signingSecret() != null) {
                mounts.add(new HttpServer.Mount("/slack/events", slack.servlet(),
                        slack.filter(requestClock, slipway.deniedAttempts())));
            }
            if (distributed) {
                SlackInstallFlow install = new SlackInstallFlow(new SlackInstallFlow.Settings(slackConfig.clientId(),
                        slackConfig.clientSecret(), config.server().publicUrl(), slackConfig.apiUrl()), installations,
                        slipway.store(), clock,
                        refusal -> slipway.deniedAttempts().record("unknown", "slack.install.refused", refusal));
                mounts.add(new HttpServer.Mount(SlackInstallFlow.INSTALL_PATH, install.servlet(), null));
                mounts.add(new HttpServer.Mount(SlackInstallFlow.REDIRECT_PATH, install.servlet(), null));
            }
        }
        HttpServer http = new HttpServer(slipway.store(), config.server().requestTimeout(),
                Optional.of(new HookRoutes(slipway.hooks(), config.hooks().notifyToken(), Slipway.providerHooks(config),
                        slipway.reviews(), slipway.catalog().projects(), slipway.deniedAttempts())), mounts,
                Optional.of(new HttpServer.Metrics(meters, config.server().metricsToken())),
                List.of(web(config, slipway, slackWorkspaces(slackConfig, installed.get()))::register, new ApiRoutes(slipway.dashboard(), slipway.dispatcher(),
                        slipway.access())::register));
        slipway.startWorkers();
        int port = http.start(config.server().host(), config.server().port());
        if (slack != null) {
            slack.start();
        }
        log.info("Slipway listening on http://{}:{} with {} project(s){}", config.server().host(), port,
                config.projects().size(), slackConfig == null ? "; Slack is not configured" : "");
        return new SlipwayServer(slipway, http, slack, port, jvm);
    }

    /**
     * The web pages; sign-in with Slack when Slack is configured with the app's client id and secret (the callback is
     * {@code <server.publicUrl>/auth/slack/callback}, or on this host and port without a public URL).
     */
    private static WebSurface web(SlipwayConfig config, Slipway slipway, Predicate<String> workspaces) {
        SlackConfig slack = config.slack();
        String publicUrl = config.server().publicUrl();
        Optional<SlackSignIn> signIn = Optional.empty();
        if (slack != null && slack.clientId() != null && slack.clientSecret() != null) {
            String base = publicUrl != null ? publicUrl.replaceAll("/+$", "")
                    : "http://localhost:" + config.server().port();
            signIn = Optional.of(new SlackSignIn(new SlackSignIn.Settings(slack.clientId(), slack.clientSecret(),
                    slack.apiUrl(), base + WebSurface.SLACK_CALLBACK)));
        }
        return new WebSurface(new WebSurface.Settings(publicUrl, signIn, workspaces), slipway.dashboard(),
                slipway.dispatcher(), slipway.access());
    }

    /**
     * The Slack workspaces whose people may sign in to the web pages: those the app is installed in, or the one its
     * bot token belongs to (asked of Slack once, at the first sign-in).
     */
    private static Predicate<String> slackWorkspaces(SlackConfig slack, SlackInstallations installations) {
        if (slack == null) {
            return team -> false;
        }
        if (installations != null) {
            return team -> team != null && installations.find(null, team).isPresent();
        }
        AtomicReference<String> botTeam = new AtomicReference<>();
        return team -> {
            if (botTeam.get() == null) {
                botTeam.set(SlackSurface.teamOf(slack.apiUrl(), slack.botToken()));
            }
            return team != null && team.equals(botTeam.get());
        };
    }

    public int port() {
        return port;
    }

    public Slipway slipway() {
        return slipway;
    }

    /** Stops taking requests, then gives running jobs {@code grace} to finish before handing them back. */
    public void stop(Duration grace) {
        http.close();
        if (slack != null) {
            slack.close();
        }
        slipway.stop(grace);
        jvm.close();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }
}
