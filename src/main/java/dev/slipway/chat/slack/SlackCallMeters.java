package dev.slipway.chat.slack;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Every call Slipway makes to Slack as {@code slipway_slack_calls_seconds}, by method ({@code chat.postMessage}, or
 * {@code response_url} for a command's response URL) and outcome: {@code ok}, {@code error} (Slack answered
 * {@code "ok": false}), {@code rate_limited} (429), {@code http_<status>} for any other failed status, or
 * {@code io_error} when no answer came.
 */
final class SlackCallMeters implements Interceptor {
    /** Slack puts {@code "ok"} first; a longer answer is not read further for it. */
    private static final long PEEK = 256;

    private final MeterRegistry registry;

    SlackCallMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        String method = methodOf(chain.request().url().pathSegments());
        long start = System.nanoTime();
        Response response;
        try {
            response = chain.proceed(chain.request());
        } catch (IOException e) {
            record(method, "io_error", start);
            throw e;
        }
        record(method, outcomeOf(response), start);
        return response;
    }

    private static String outcomeOf(Response response) throws IOException {
        if (response.code() == 429) {
            return "rate_limited";
        }
        if (!response.isSuccessful()) {
            return "http_" + response.code();
        }
        String start = response.peekBody(PEEK).string().replace(" ", "");
        return start.contains("\"ok\":false") ? "error" : "ok";
    }

    /** The Web API method, the segment after {@code api}; anything else Slipway posts to is a response URL. */
    static String methodOf(List<String> segments) {
        int api = segments.indexOf("api");
        return api >= 0 && api + 1 < segments.size() && !segments.get(api + 1).isEmpty()
                ? segments.get(api + 1) : "response_url";
    }

    private void record(String method, String outcome, long start) {
        Timer.builder("slipway.slack.calls").description("Calls to Slack, by method and outcome")
                .tags("method", method, "outcome", outcome)
                .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
}
