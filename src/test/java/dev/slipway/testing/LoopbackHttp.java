package dev.slipway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Plain HTTP calls to a Slipway server on 127.0.0.1, for the endpoints that are not Slack's. */
public final class LoopbackHttp {
    private LoopbackHttp() {
    }

    public static HttpResponse<String> get(int port, String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).GET());
    }

    /** A POST with {@code contentType} (none when null) and {@code headers}, whose own Content-Type is ignored. */
    public static HttpResponse<String> post(int port, String path, String contentType, String body,
                                            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .expectContinue(expectsContinue(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                request.header(name, value);
            }
        });
        return send(request);
    }

    /**
     * Whether to ask before sending {@code body}, as curl does for bodies over 1 MiB: a server that refuses a body
     * by its declared length closes the connection, and a client still writing may then lose the answer to a reset.
     */
    public static boolean expectsContinue(String body) {
        return body.length() > 1024 * 1024;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
