package dev.slipway.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Every inbound request as {@code slipway_http_requests_seconds} (a count and the time to the answer), by surface
 * and status. It wraps all of Jetty's handlers, so answers given before Slipway's code sees a request — 413 for a
 * body too large, 408 for one too slow — are counted like the 401 of a bad signature.
 */
final class RequestMeters extends Handler.Wrapper {
    /** The hooks Slipway mounts; any other path under /hooks/ is one surface, so a scan cannot add labels. */
    private static final Set<String> HOOKS = Set.of("notify", "build-complete", "gitlab", "github", "circleci",
            "webhook");

    private final MeterRegistry registry;
    // Looked up once per surface and status: building a meter's id and finding it in the registry costs more than
    // recording into it.
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    RequestMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        String surface = surfaceOf(Request.getPathInContext(request));
        Callback measured = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                record(surface, response.getStatus(), start);
                super.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                // Jetty answers 500 to a failed request whose answer has not begun, and closes the rest.
                record(surface, response.isCommitted() ? response.getStatus() : 500, start);
                super.failed(x);
            }
        };
        if (super.handle(request, response, measured)) {
            return true;
        }
        record(surface, 404, start); // nothing took it: Jetty's own 404 follows
        return false;
    }

    private void record(String surface, int status, long start) {
        timers.computeIfAbsent(new Key(surface, status), key -> Timer.builder("slipway.http.requests")
                        .description("Inbound requests, by surface and status")
                        .tags("surface", key.surface(), "status", Integer.toString(key.status()))
                        .register(registry))
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    /** A timer's labels. Surfaces are a fixed few and statuses HTTP's, so the map stays small. */
    private record Key(String surface, int status) {
    }

    /** Which surface {@code path} belongs to: slack, slack_install, hook_<name>,
     * health, metrics, api or web (the pages, and any other path). */
    static String surfaceOf(String path) {
        if (path == null) {
            return "other";
        }
        if (path.equals("/slack/events")) {
            return "slack";
        }
        if (path.startsWith("/slack/")) {
            return "slack_install";
        }
        if (path.startsWith("/hooks/")) {
            String rest = path.substring("/hooks/".length());
            String hook = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
            return HOOKS.contains(hook) ? "hook_" + hook : "hook_other";
        }
        if (path.equals("/healthz") || path.equals("/readyz")) {
            return "health";
        }
        if (path.startsWith("/api/")) {
            return "api";
        }
        return path.equals("/metrics") ? "metrics" : "web";
    }
}
