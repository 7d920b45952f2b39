package dev.slipway.chat.slack;

import com.slack.api.SlackConfig;
import com.slack.api.util.http.SlackHttpClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * The two HTTP clients under Slipway's Web API calls, both built on the SDK's own (its timeouts, proxy and user
 * agent), and neither resending a request by itself: {@link SlackWebClient} decides what may be sent again.
 *
 * <ul>
 *   <li>{@link #reusing}: keeps a connection for the next call, but only for {@link #KEEP_ALIVE}. OkHttp's own pool
 *       keeps one for 5 minutes and checks that the server has not closed it only after 10 s idle, so a server that
 *       closes sooner without saying so makes the next call fail on a dead connection. For calls safe to repeat.</li>
 *   <li>{@link #fresh}: a new connection for every call, never one the server may have closed meanwhile, and request
 *       bodies OkHttp may send only once (so that it does not resend a post when an answer says "retry at once").
 *       For posts, which must not be sent twice, and for the second try of a call that is safe to repeat.</li>
 * </ul>
 */
final class SlackHttp {
    /** Below the 5 s idle timeout common in HTTP servers, so a connection they will close soon is not reused. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(4);
    private static final int MAX_IDLE_CONNECTIONS = 5;

    private SlackHttp() {
    }

    /** Measures every call in {@code registry} ({@link SlackCallMeters}). */
    static OkHttpClient reusing(SlackConfig config, MeterRegistry registry) {
        return SlackHttpClient.buildOkHttpClient(config).newBuilder()
                .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS))
                .retryOnConnectionFailure(false)
                .addInterceptor(SlackRequestStage.STARTED)
                .addInterceptor(new SlackCallMeters(registry))
                .addNetworkInterceptor(SlackRequestStage.CONNECTED)
                .build();
    }

    static OkHttpClient fresh(OkHttpClient reusing) {
        return reusing.newBuilder()
                // no idle connection is kept, so each call opens its own
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .addInterceptor(chain -> chain.proceed(onlyOnce(chain.request())))
                .build();
    }

    private static Request onlyOnce(Request request) {
        RequestBody body = request.body();
        return body == null ? request : request.newBuilder().method(request.method(), new OneShotBody(body)).build();
    }

    /** The SDK's body, marked as one OkHttp must not send again (it resends others after "503, Retry-After: 0"). */
    private static final class OneShotBody extends RequestBody {
        private final RequestBody body;

        OneShotBody(RequestBody body) {
            this.body = body;
        }

        @Override
        public MediaType contentType() {
            return body.contentType();
        }

        @Override
        public long contentLength() throws IOException {
            return body.contentLength();
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            body.writeTo(sink);
        }

        @Override
        public boolean isOneShot() {
            return true;
        }
    }
}
