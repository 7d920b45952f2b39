package dev.slipway.backend.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.ProviderHttp;
import dev.slipway.backend.TransientBackendException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The part of Azure Resource Manager's Automation API ({@value #API_VERSION}) a deploy needs: create a runbook job,
 * read it, its output and its error streams, and stop it. Every request carries the account's token, asked for again
 * once when Azure refuses it (401). Answers become exceptions in plain words that say whether a retry can help;
 * messages never contain the secret or a token.
 */
final class AzureClient {
    static final String API_VERSION = "2023-11-01";
    /** How many times a read throttled with 429 waits and asks again before it gives up. */
    private static final int THROTTLED_READS = 5;
    /** The longest a read waits when Azure asks it to (Retry-After). */
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A job as Azure describes it; times and {@code exception} may be null. */
    record Job(String name, String status, String exception, Instant creationTime) {
    }

    /** What a stop request got: asked to stop, no such job, or refused (often: the job has ended). */
    enum StopAnswer { STOPPING, NOT_FOUND, REFUSED }

    private final HttpClient http;
    private final AzureAccount account;
    private final AzureTokens tokens;
    private final Duration requestTimeout;

    AzureClient(HttpClient http, AzureAccount account, Clock clock, Duration requestTimeout) {
        this.http = http;
        this.account = account;
        this.tokens = new AzureTokens(http, account, clock, requestTimeout);
        this.requestTimeout = requestTimeout;
    }

    AzureAccount account() {
        return account;
    }

    /** The job's resource id, {@code /subscriptions/.../jobs/{jobName}}, each segment encoded. */
    String jobId(String jobName) {
        return "/subscriptions/" + ProviderHttp.encode(account.subscriptionId()) + "/resourceGroups/"
                + ProviderHttp.encode(account.resourceGroup()) + "/providers/Microsoft.Automation/automationAccounts/"
                + ProviderHttp.encode(account.automationAccount()) + "/jobs/" + ProviderHttp.encode(jobName);
    }

    /** Where a person sees the job in the Azure portal. */
    String portalLink(String jobName) {
        return account.portalUrl() + "/#resource" + jobId(jobName);
    }

    /**
     * Creates job {@code jobName} of {@code runbook}. A failure that certainly created nothing (no connection, a
     * refusal, 429) says so; a 5xx, a timeout or a dropped connection leaves the start in doubt.
     */
    Job createJob(String jobName, String runbook, Map<String, String> parameters, String runOn)
            throws BackendException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode properties = body.putObject("properties");
        properties.putObject("runbook").put("name", runbook);
        ObjectNode values = properties.putObject("parameters");
        parameters.forEach(values::put);
        properties.put("runOn", runOn == null ? "" : runOn);
        String doing = "start a job of runbook " + runbook;
        HttpResponse<String> response;
        try {
            response = exchange("PUT", jobId(jobName), "", body.toString(), Map.of("clientRequestId", jobName));
        } catch (HttpConnectTimeoutException e) {
            throw TransientBackendException.beforeStart("could not reach Azure at " + account.managementUrl()
                    + ": no connection within " + ProviderHttp.readable(requestTimeout) + "; will retry", e);
        } catch (HttpTimeoutException e) {
            throw new TransientBackendException("Azure gave no answer within " + ProviderHttp.readable(requestTimeout)
                    + " when asked to " + doing + "; the job may have been created; will check before retrying", e);
        } catch (IOException e) {
            String message = "could not reach Azure at " + account.managementUrl() + " to " + doing + ": "
                    + reason(e);
            throw ProviderHttp.neverConnected(e) ? TransientBackendException.beforeStart(message + "; will retry", e)
                    : new TransientBackendException(message + "; the job may have been created; will check before"
                    + " retrying", e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            JsonNode json = tree(response.body());
            if (json == null || !json.path("properties").isObject()) {
                // Azure most likely created the job; findStart will say.
                throw new TransientBackendException("Azure answered HTTP " + status + " but not with a job when asked"
                        + " to " + doing + "; will check whether it exists before retrying");
            }
            return job(json, jobName);
        }
        if (status == 429) {
            Duration wait = retryAfter(response);
            throw TransientBackendException.throttled("Azure is throttling requests (HTTP 429) and asks to wait "
                    + wait.toSeconds() + "s (Retry-After); will retry then", wait);
        }
        if (status == 408 || status / 100 == 5) {
            throw new TransientBackendException("Azure answered HTTP " + status + " when asked to " + doing
                    + "; the job may have been created; will check before retrying");
        }
        throw refusal(response, doing, "start jobs", runbook);
    }

    /** The job, or empty when Azure has no job of that name. */
    Optional<Job> getJob(String jobName) throws BackendException, InterruptedException {
        HttpResponse<String> response = read(jobId(jobName), "", "read job " + jobName, true);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode json = tree(response.body());
        if (json == null || !json.path("properties").isObject()) {
            throw new TransientBackendException("Azure answered with something other than a job when asked to read"
                    + " job " + jobName + " (" + excerpt(response.body()) + "); will retry");
        }
        return Optional.of(job(json, jobName));
    }

    /** The job's Output stream as text. */
    String output(String jobName) throws BackendException, InterruptedException {
        String body = read(jobId(jobName) + "/output", "", "read the output of job " + jobName, false).body();
        return body == null ? "" : body;
    }

    /** The summaries of the job's Error streams, in order. */
    List<String> errorSummaries(String jobName) throws BackendException, InterruptedException {
        JsonNode json = tree(read(jobId(jobName) + "/streams", "&$filter=properties/streamType%20eq%20'Error'",
                "read the error streams of job " + jobName, false).body());
        List<String> summaries = new ArrayList<>();
        if (json != null) {
            for (JsonNode stream : json.path("value")) {
                String summary = stream.path("properties").path("summary").asText("");
                if (!summary.isBlank()) {
                    summaries.add(summary.strip());
                }
            }
        }
        return summaries;
    }

    StopAnswer stopJob(String jobName) throws BackendException, InterruptedException {
        String doing = "stop job " + jobName;
        HttpResponse<String> response;
        try {
            response = exchange("POST", jobId(jobName) + "/stop", "", null, Map.of());
        } catch (IOException e) {
            throw unreachable(e, doing);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return StopAnswer.STOPPING;
        }
        if (status == 404) {
            return StopAnswer.NOT_FOUND;
        }
        if (status == 408 || status == 429 || status / 100 == 5) {
            throw new TransientBackendException("Azure answered HTTP " + status + " when asked to " + doing
                    + "; will retry");
        }
        if (status == 400 || status == 409) {
            return StopAnswer.REFUSED;
        }
        throw refusal(response, doing, "stop jobs", null);
    }

    /**
     * A GET; 404 is answered as it is when {@code notFoundIsAnAnswer}. A 429 waits what Azure asks (within bounds)
     * and asks again.
     */
    private HttpResponse<String> read(String path, String query, String doing, boolean notFoundIsAnAnswer)
            throws BackendException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = exchange("GET", path, query, null, Map.of());
            } catch (IOException e) {
                throw unreachable(e, doing);
            }
            int status = response.statusCode();
            if (status / 100 == 2 || (status == 404 && notFoundIsAnAnswer)) {
                return response;
            }
            if (status == 429 && attempt < THROTTLED_READS) {
                Thread.sleep(retryAfter(response).toMillis());
                continue;
            }
            if (status == 408 || status == 429 || status / 100 == 5) {
                throw new TransientBackendException("Azure answered HTTP " + status + " when asked to " + doing
                        + "; will retry");
            }
            throw refusal(response, doing, "read jobs", null);
        }
    }

    /** One request with the token; when Azure refuses the token, once more with a new one. */
    private HttpResponse<String> exchange(String method, String path, String query, String body,
                                          Map<String, String> headers)
            throws BackendException, InterruptedException, IOException {
        String token = tokens.token();
        HttpResponse<String> response = send(method, path, query, body, headers, token);
        if (response.statusCode() == 401) {
            tokens.refused(token);
            response = send(method, path, query, body, headers, tokens.token());
        }
        return response;
    }

    private HttpResponse<String> send(String method, String path, String query, String body,
                                      Map<String, String> headers, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(account.managementUrl() + path + "?api-version=" + API_VERSION + query))
                .timeout(requestTimeout).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/plain");
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private TransientBackendException unreachable(IOException e, String doing) {
        if (e instanceof HttpTimeoutException) {
            return new TransientBackendException("Azure gave no answer within "
                    + ProviderHttp.readable(requestTimeout) + " when asked to " + doing + "; will retry", e);
        }
        return new TransientBackendException("could not reach Azure at " + account.managementUrl() + " to " + doing
                + ": " + reason(e) + "; will retry", e);
    }

    /** A refusal retrying cannot fix, in words that say what to do about it. */
    private PermanentBackendException refusal(HttpResponse<String> response, String doing, String may,
                                              String runbook) {
        int status = response.statusCode();
        JsonNode json = tree(response.body());
        JsonNode error = json != null && json.path("error").isObject() ? json.path("error") : json;
        String code = error == null ? "" : error.path("code").asText("");
        String message = error == null ? "" : tokens.redact(error.path("message").asText("").strip());
        String said = code.isEmpty() && message.isEmpty() ? excerpt(response.body())
                : code + (message.isEmpty() ? "" : ": " + message);
        String aa = account.automationAccount();
        if (status == 401) {
            return new PermanentBackendException("Azure refused the token of service principal " + account.clientId()
                    + " (HTTP 401) when asked to " + doing + " (Azure said: " + said + ")");
        }
        if (status == 403) {
            return new PermanentBackendException("the service principal " + account.clientId() + " may not " + may
                    + " in automation account " + aa + ": give it the Automation Job Operator role (Azure said: "
                    + said + ")");
        }
        if (status == 404 && runbook != null) {
            return new PermanentBackendException("Azure has no runbook " + runbook + " in automation account " + aa
                    + " (or no such account/resource group): " + said);
        }
        if (status == 400 && runbook != null
                && (code + " " + message).toLowerCase(Locale.ROOT).contains("publish")) {
            return new PermanentBackendException("runbook " + runbook + " is not published in " + aa
                    + ": publish it in the Azure portal (Azure said: " + said + ")");
        }
        if (status == 415) {
            return new PermanentBackendException("Azure refused the request's Content-Type (HTTP 415) when asked to "
                    + doing + "; Slipway sends application/json (Azure said: " + said + ")");
        }
        return new PermanentBackendException("Azure answered HTTP " + status + " when asked to " + doing + ": "
                + said);
    }

    /** How long Azure asks a throttled client to wait: seconds or an HTTP date, at most a minute. */
    private Duration retryAfter(HttpResponse<String> response) {
        String value = response.headers().firstValue("Retry-After").map(String::strip).orElse("");
        Duration wait = account.pollInterval();
        try {
            wait = Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException notSeconds) {
            try {
                wait = Duration.between(Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notADate) {
                // neither: the poll interval
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }

    private static Job job(JsonNode json, String jobName) {
        JsonNode properties = json.path("properties");
        String exception = properties.path("exception").isTextual() ? properties.path("exception").asText() : null;
        return new Job(json.path("name").asText(jobName), properties.path("status").asText(""), exception,
                ProviderHttp.instant(properties.path("creationTime").asText(null)));
    }


    private static JsonNode tree(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private String excerpt(String body) {
        String text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        if (text.isEmpty()) {
            return "empty body";
        }
        return tokens.redact(text.length() > 200 ? text.substring(0, 200) + "..." : text);
    }

    private String reason(IOException e) {
        return tokens.redact(ProviderHttp.reason(e, URI.create(account.managementUrl()).getHost()));
    }
}
