package dev.slipway.backend.github;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * hub4j's requests (a GitHub App's token calls) over the JDK client with Slipway's per-request timeout, which
 * hub4j's own {@code HttpClientGitHubConnector} does not set, and with GitHub's API version header.
 */
final class GitHubTimedConnector implements org.kohsuke.github.connector.GitHubConnector {
    private final HttpClient http;
    private final Duration timeout;

    GitHubTimedConnector(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(request.url().toURI()).timeout(timeout);
        } catch (URISyntaxException e) {
            throw new IOException("hub4j asked for an invalid URL", e);
        }
        request.allHeaders().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        if (request.header("X-GitHub-Api-Version") == null) {
            builder.header("X-GitHub-Api-Version", GitHubClient.API_VERSION);
        }
        if (request.header("Accept") == null) {
            builder.header("Accept", "application/vnd.github+json");
        }
        builder.method(request.method(), request.hasBody()
                ? HttpRequest.BodyPublishers.ofByteArray(request.body().readAllBytes())
                : HttpRequest.BodyPublishers.noBody());
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(request, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for GitHub");
        }
    }

    private static final class Answer extends GitHubConnectorResponse.ByteArrayResponse {
        private final byte[] body;

        Answer(GitHubConnectorRequest request, HttpResponse<byte[]> response) {
            super(request, response.statusCode(), response.headers().map());
            this.body = response.body();
        }

        @Override
        protected InputStream rawBodyStream() {
            return new ByteArrayInputStream(body == null ? new byte[0] : body);
        }
    }
}
