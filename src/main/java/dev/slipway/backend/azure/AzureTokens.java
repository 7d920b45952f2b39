package dev.slipway.backend.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.ProviderHttp;
import dev.slipway.backend.TransientBackendException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The service principal's access token for Azure Resource Manager, from Microsoft Entra's client-credentials grant
 * ({@code POST {authority}/{tenant}/oauth2/v2.0/token}). A token is kept until a little before it expires (five
 * minutes, or a tenth of its lifetime when that is less); one request at a time asks for a new one, and callers that
 * arrive meanwhile wait for it and share it. Messages never contain the secret or a token.
 */
final class AzureTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_MARGIN = Duration.ofMinutes(5);
    private static final String INVALID_SECRET = "AADSTS7000215";

    private record Token(String value, Instant renewAt) {
    }

    private final HttpClient http;
    private final AzureAccount account;
    private final Clock clock;
    private final Duration requestTimeout;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile Token current;

    AzureTokens(HttpClient http, AzureAccount account, Clock clock, Duration requestTimeout) {
        this.http = http;
        this.account = account;
        this.clock = clock;
        this.requestTimeout = requestTimeout;
    }

    /**
     * A token that is good for a while yet. Failures happen before any call to Azure Resource Manager, so a
     * transient one says nothing was started.
     */
    String token() throws BackendException, InterruptedException {
        Token token = current;
        if (token != null && clock.instant().isBefore(token.renewAt())) {
            return token.value();
        }
        fetching.lockInterruptibly();
        try {
            token = current;
            if (token != null && clock.instant().isBefore(token.renewAt())) {
                return token.value();
            }
            current = fetch();
            return current.value();
        } finally {
            fetching.unlock();
        }
    }

    /** Azure Resource Manager refused {@code token} (401): the next {@link #token()} asks for a new one. */
    void refused(String token) {
        Token now = current;
        if (now != null && now.value().equals(token)) {
            current = null;
        }
    }

    private Token fetch() throws BackendException, InterruptedException {
        String form = "client_id=" + form(account.clientId()) + "&scope=" + form(account.managementUrl() + "/.default")
                + "&client_secret=" + form(account.clientSecret()) + "&grant_type=client_credentials";
        String url = account.authorityUrl() + "/" + ProviderHttp.encode(account.tenantId()) + "/oauth2/v2.0/token";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)).build();
        Instant asked = clock.instant();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw TransientBackendException.beforeStart("Microsoft Entra at " + account.authorityUrl()
                    + " gave no token within " + ProviderHttp.readable(requestTimeout) + "; will retry", e);
        } catch (IOException e) {
            throw TransientBackendException.beforeStart("could not reach Microsoft Entra at " + account.authorityUrl()
                    + " for a token: " + redact(ProviderHttp.reason(e, URI.create(url).getHost())) + "; will retry", e);
        }
        int status = response.statusCode();
        JsonNode body = tree(response.body());
        if (status == 200) {
            String value = body == null ? "" : body.path("access_token").asText("");
            long seconds = body == null ? 0 : body.path("expires_in").asLong(0);
            if (value.isBlank() || seconds <= 0) {
                throw new PermanentBackendException("Microsoft Entra answered the token request of service principal "
                        + account.clientId() + " without an access_token and expires_in");
            }
            Duration lifetime = Duration.ofSeconds(seconds);
            Duration margin = lifetime.dividedBy(10);
            if (margin.compareTo(MAX_MARGIN) > 0) {
                margin = MAX_MARGIN;
            }
            return new Token(value, asked.plus(lifetime).minus(margin));
        }
        if (status == 408 || status == 429 || status / 100 == 5) {
            throw TransientBackendException.beforeStart("Microsoft Entra answered HTTP " + status
                    + " to the token request of service principal " + account.clientId() + "; will retry", null);
        }
        String error = body == null ? "" : body.path("error").asText("");
        String description = body == null ? "" : firstLine(body.path("error_description").asText(""));
        boolean invalidSecret = description.contains(INVALID_SECRET);
        if (body != null) {
            for (JsonNode code : body.path("error_codes")) {
                invalidSecret |= code.asLong() == 7000215;
            }
        }
        if (invalidSecret) {
            throw new PermanentBackendException("Azure refused the client secret of service principal "
                    + account.clientId() + " (" + INVALID_SECRET + "): check azure.clientSecret");
        }
        String said = error.isEmpty() && description.isEmpty() ? excerpt(response.body())
                : error + (description.isEmpty() ? "" : ": " + description);
        throw new PermanentBackendException("Microsoft Entra refused a token to service principal "
                + account.clientId() + " of tenant " + account.tenantId() + " (HTTP " + status + "): " + redact(said));
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String firstLine(String text) {
        String stripped = text.strip();
        int end = stripped.indexOf('\n');
        return (end < 0 ? stripped : stripped.substring(0, end)).strip();
    }

    private String excerpt(String body) {
        String text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return text.isEmpty() ? "empty body" : redact(text.length() > 200 ? text.substring(0, 200) + "..." : text);
    }

    /** {@code text} without the secret or the current token, should an answer echo either. */
    String redact(String text) {
        String clean = text.replace(account.clientSecret(), "***");
        Token token = current;
        return token == null ? clean : clean.replace(token.value(), "***");
    }

    private static JsonNode tree(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
