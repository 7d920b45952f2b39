package dev.slipway.http;

import dev.slipway.domain.PublicText;
import dev.slipway.domain.RefusedException;
import dev.slipway.store.Store;
import dev.slipway.store.StoreUnavailableException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slipway's Javalin server. Errors are mapped in one place: refusals to their code's status, Javalin's own
 * responses as they are, anything else to a bare 500 — never a stack trace to the caller.
 *
 * <p>In front of Javalin and Bolt, Jetty's handlers deal with bodies before any thread waits on one: a declared
 * length over 1 MiB gets 413 at once ({@code SizeLimitHandler}, which also counts bodies sent without a length); at
 * most {@value #MAX_CONCURRENT_BODIES} requests with a body are read and handled at a time, the rest wait their
 * turn for up to the request timeout and then get 503 ({@code QoSHandler}); a body is read whole and asynchronously
 * ({@code EagerContentHandler} with {@link JettyBodyLoader}) and must arrive within the request timeout (else 408),
 * and one that ends before its declared length gets 400. Request headers must arrive within the request timeout of
 * their first byte ({@link JettyHeaderTimeout}), and a connection idle for {@value #IDLE_TIMEOUT_MILLIS} ms is
 * closed. Requests without a body, such as {@code GET /healthz}, pass straight through.
 *
 * <p>While the database is away every request is still answered within Slack's three seconds: {@code /readyz} says
 * 503 once the store has not answered within {@link #READY_TIMEOUT}; any other request that needs the database gets
 * 503 (so Slack and hook senders retry), and its writes are dropped if they were not committed by
 * {@link #WRITES_DUE} after it arrived ({@link AnswerDeadlineFilter}).
 */
public final class HttpServer implements AutoCloseable {
    static final int MAX_BODY = 1024 * 1024;
    /** Bounds the memory bodies take (32 MiB at most) and the handler threads requests with a body hold. */
    static final int MAX_CONCURRENT_BODIES = 32;
    static final long IDLE_TIMEOUT_MILLIS = 30_000;
    /** Well under a second, so an orchestrator sees a lost database at its next probe. */
    static final Duration READY_TIMEOUT = Duration.ofMillis(500);
    /**
     * Writes of a request not begun by then are dropped and it is answered 503 at once: Slack, which waits three
     * seconds, still gets that answer and retries. Reads are not cut short: they take no effect.
     */
    static final Duration WRITES_DUE = Duration.ofMillis(2_500);
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    /**
     * A servlet mounted at one path with a filter in front of it (Bolt's servlet at /slack/events), or none (null,
     * Bolt's OAuth servlet at /slack/install).
     */
    public record Mount(String path, HttpServlet servlet, Filter filter) {
    }

    /**
     * What {@code GET /metrics} serves, in Prometheus' text format, and the bearer token it asks for (null: none).
     * Every request is measured into the same registry ({@link RequestMeters}).
     */
    public record Metrics(PrometheusMeterRegistry registry, String token) {
    }

    private final Javalin app;
    private final ReadinessProbe readiness;

    /** Health and readiness only. */
    public HttpServer(Store store, Duration requestTimeout) {
        this(store, requestTimeout, Optional.empty(), Optional.empty());
    }

    /**
     * @param requestTimeout how long a client may take to send a request's headers, and again its body
     */
    public HttpServer(Store store, Duration requestTimeout, Optional<HookRoutes> hooks, Optional<Mount> slack) {
        this(store, requestTimeout, hooks, slack.map(List::of).orElse(List.of()));
    }

    /** With every servlet in {@code mounts}. */
    public HttpServer(Store store, Duration requestTimeout, Optional<HookRoutes> hooks, List<Mount> mounts) {
        this(store, requestTimeout, hooks, mounts, Optional.empty());
    }

    /** With every servlet in {@code mounts}, and {@code GET /metrics} when {@code metrics} is given. */
    public HttpServer(Store store, Duration requestTimeout, Optional<HookRoutes> hooks, List<Mount> mounts,
                      Optional<Metrics> metrics) {
        this(store, requestTimeout, hooks, mounts, metrics, List.of());
    }

    /**
     * As above, with the routes of other inbound surfaces (the web pages and API), each given the server's
     * configuration to add its own; they are answered under the same limits, deadlines and error mapping.
     */
    public HttpServer(Store store, Duration requestTimeout, Optional<HookRoutes> hooks, List<Mount> mounts,
                      Optional<Metrics> metrics, List<Consumer<JavalinConfig>> surfaces) {
        this.readiness = new ReadinessProbe(store, READY_TIMEOUT);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY;
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JettyErrorHandler());
                server.insertHandler(bodyHandlers(requestTimeout));
                // outermost, so that it also sees what the body handlers answer by themselves
                metrics.ifPresent(m -> server.insertHandler(new RequestMeters(m.registry())));
            });
            // Javalin builds connectors in start(host, port), after setting these two.
            config.jetty.addConnector((server, httpConfiguration) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfiguration));
                connector.setHost(config.jetty.host);
                connector.setPort(config.jetty.port);
                connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
                connector.addBean(new JettyHeaderTimeout(server.getScheduler(), requestTimeout));
                return connector;
            });
            config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
            config.routes.get("/readyz", ctx -> {
                boolean ready = readiness.isReady();
                ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "ready" : "not ready"));
            });
            metrics.ifPresent(m -> config.routes.get("/metrics", new MetricsEndpoint(m.registry(), m.token())));
            config.jetty.modifyServletContextHandler(handler -> {
                handler.addFilter(new FilterHolder(new RequestIdFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
                handler.addFilter(new FilterHolder(new AnswerDeadlineFilter(WRITES_DUE)), "/*",
                        EnumSet.of(DispatcherType.REQUEST));
            });
            hooks.ifPresent(routes -> routes.register(config));
            surfaces.forEach(surface -> surface.accept(config));
            mounts.forEach(mount -> config.jetty.modifyServletContextHandler(handler -> {
                handler.addServlet(new ServletHolder(mount.servlet()), mount.path());
                if (mount.filter() != null) {
                    handler.addFilter(new FilterHolder(mount.filter()), mount.path(), EnumSet.of(DispatcherType.REQUEST));
                }
            }));
            config.routes.exception(RefusedException.class, (e, ctx) -> ctx.status(e.refusal().code().httpStatus())
                    .json(Map.of("error", e.refusal().code().name().toLowerCase(Locale.ROOT),
                            "message", e.refusal().message())));
            config.routes.exception(StoreUnavailableException.class, (e, ctx) -> {
                log.warn("answering 503 to {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                ctx.status(503).header("Retry-After", "1").json(Map.of("error", "unavailable",
                        "message", "the database is unavailable; try again in a moment"));
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                    ctx.status(e.getStatus()).json(Map.of("error", PublicText.of(e.getMessage()))));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).json(Map.of("error", "internal error"));
            });
        });
    }

    /** Size limit, then the cap on bodies in progress, then reading each body whole: see the class comment. */
    private static SizeLimitHandler bodyHandlers(Duration requestTimeout) {
        EagerContentHandler bodies = new EagerContentHandler(new JettyBodyLoader(MAX_BODY, requestTimeout));
        QoSHandler turns = new QoSHandler(bodies);
        turns.include(HttpServer::declaresBody);
        turns.setMaxRequestCount(MAX_CONCURRENT_BODIES);
        turns.setMaxSuspend(requestTimeout);
        SizeLimitHandler size = new SizeLimitHandler(MAX_BODY, -1);
        size.setHandler(turns);
        return size;
    }

    /** What {@code EagerContentHandler} reads: a positive Content-Length or a chunked body. */
    private static boolean declaresBody(Request request) {
        HttpField length = request.getHeaders().getField(HttpHeader.CONTENT_LENGTH);
        if (length != null) {
            return length.getLongValue() > 0;
        }
        HttpField encoding = request.getHeaders().getField(HttpHeader.TRANSFER_ENCODING);
        return encoding != null && encoding.contains(HttpHeaderValue.CHUNKED.asString());
    }

    /** Starts listening on {@code host:port} (port 0: any free port) and returns the bound port. */
    public int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        readiness.close();
    }
}
