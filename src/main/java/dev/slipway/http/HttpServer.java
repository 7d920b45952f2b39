package dev.slipway.http;

import dev.slipway.domain.RefusedException;
import dev.slipway.store.Store;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slipway's Javalin server. Errors are mapped in one place: refusals to their code's status, Javalin's own
 * responses as they are, anything else to a bare 500 — never a stack trace to the caller. Bodies over 1 MiB get
 * 413 before they are read.
 */
public final class HttpServer implements AutoCloseable {
    static final long MAX_BODY = 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    /** A servlet mounted at one path with a filter in front of it (Bolt's servlet at /slack/events). */
    public record Mount(String path, HttpServlet servlet, Filter filter) {
    }

    private final Javalin app;

    public HttpServer(Store store) {
        this(store, Optional.empty(), Optional.empty());
    }

    public HttpServer(Store store, Optional<HookRoutes> hooks, Optional<Mount> slack) {
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY;
            config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
            config.routes.get("/readyz", ctx -> {
                boolean ready = isReady(store);
                ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "ready" : "not ready"));
            });
            hooks.ifPresent(routes -> routes.register(config));
            slack.ifPresent(mount -> config.jetty.modifyServletContextHandler(handler -> {
                handler.addServlet(new ServletHolder(mount.servlet()), mount.path());
                handler.addFilter(new FilterHolder(mount.filter()), mount.path(), EnumSet.of(DispatcherType.REQUEST));
            }));
            config.routes.exception(RefusedException.class, (e, ctx) -> ctx.status(e.refusal().code().httpStatus())
                    .json(Map.of("error", e.refusal().code().name().toLowerCase(Locale.ROOT),
                            "message", e.refusal().message())));
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                    ctx.status(e.getStatus()).json(Map.of("error", e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).json(Map.of("error", "internal error"));
            });
        });
    }

    private static boolean isReady(Store store) {
        try {
            return store.isReady();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Starts listening on {@code host:port} (port 0: any free port) and returns the bound port. */
    public int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
