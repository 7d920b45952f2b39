package dev.slipway.http;

import dev.slipway.domain.RefusedException;
import dev.slipway.store.Store;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slipway's Javalin server. Errors are mapped in one place: refusals to their code's status, Javalin's own
 * responses as they are, anything else to a bare 500 — never a stack trace to the caller.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final Javalin app;

    public HttpServer(Store store) {
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
            config.routes.get("/readyz", ctx -> {
                boolean ready = isReady(store);
                ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "ready" : "not ready"));
            });
            config.routes.exception(RefusedException.class, (e, ctx) -> ctx.status(e.refusal().code().httpStatus())
                    .json(Map.of("error", e.refusal().code().name().toLowerCase(java.util.Locale.ROOT),
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
