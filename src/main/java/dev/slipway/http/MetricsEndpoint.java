package dev.slipway.http;

import dev.slipway.domain.Tokens;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;

/**
 * {@code GET /metrics}: the registry in Prometheus' text format. With {@code server.metricsToken} set, only a request
 * with {@code Authorization: Bearer <token>} gets it; others get 401, and the token is compared in constant time.
 */
final class MetricsEndpoint implements Handler {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final String token;

    MetricsEndpoint(PrometheusMeterRegistry registry, String token) {
        this.registry = registry;
        this.token = token == null || token.isEmpty() ? null : token;
    }

    @Override
    public void handle(Context ctx) {
        if (token != null && !Tokens.same(Tokens.bearer(ctx.header("Authorization")), token)) {
            ctx.status(401).header("WWW-Authenticate", "Bearer realm=\"slipway metrics\"")
                    .json(Map.of("error", "unauthorized", "message", "send the metrics token as a bearer token"));
            return;
        }
        ctx.contentType(CONTENT_TYPE).result(registry.scrape());
    }
}
