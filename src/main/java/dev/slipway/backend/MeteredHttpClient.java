package dev.slipway.backend;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A REST backend's HTTP client that measures every call as {@code slipway_provider_calls_seconds}, by provider, HTTP
 * method and outcome: {@code 2xx}, {@code 3xx}, {@code 4xx}, {@code rate_limited} (429), {@code 5xx}, or
 * {@code io_error} when no answer came. The JDK's client has no interceptors, so this wraps one and passes
 * everything else through; the connections and threads stay those of the client it wraps.
 */
public final class MeteredHttpClient extends HttpClient {
    private final HttpClient client;
    private final String provider;
    private final MeterRegistry registry;

    public MeteredHttpClient(HttpClient client, String provider, MeterRegistry registry) {
        this.client = client;
        this.provider = provider;
        this.registry = registry;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        try {
            HttpResponse<T> response = client.send(request, handler);
            record(request, outcomeOf(response.statusCode()), start);
            return response;
        } catch (IOException e) {
            record(request, "io_error", start);
            throw e;
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return measured(request, client.sendAsync(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushes) {
        return measured(request, client.sendAsync(request, handler, pushes));
    }

    private <T> CompletableFuture<HttpResponse<T>> measured(HttpRequest request,
                                                            CompletableFuture<HttpResponse<T>> answer) {
        long start = System.nanoTime();
        return answer.whenComplete((response, failure) ->
                record(request, failure != null ? "io_error" : outcomeOf(response.statusCode()), start));
    }

    private void record(HttpRequest request, String outcome, long start) {
        Timer.builder("slipway.provider.calls").description("Calls to providers' APIs, by provider, method and outcome")
                .tags("provider", provider, "method", request.method(), "outcome", outcome)
                .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    static String outcomeOf(int status) {
        return status == 429 ? "rate_limited" : status / 100 + "xx";
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return client.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return client.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return client.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return client.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return client.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return client.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return client.authenticator();
    }

    @Override
    public Version version() {
        return client.version();
    }

    @Override
    public Optional<Executor> executor() {
        return client.executor();
    }
}
