package dev.slipway.backend.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.BackendType;
import dev.slipway.backend.Cancellation;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.ProviderHttp;
import dev.slipway.backend.ReportedBackend;
import dev.slipway.backend.StartLookup;
import dev.slipway.backend.StartedRun;
import dev.slipway.backend.TransientBackendException;
import dev.slipway.domain.Excerpt;
import dev.slipway.domain.RefKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys by POSTing a JSON document about the deployment to a receiver the team runs itself:
 * <pre>
 * {"action": "deploy", "deployment": 17, "project": "web-api", "environment": "production", "ref": "main", "requestedBy": "alice",
 *  "channel": "C0001", "thread": null, "callbackUrl": "https://slipway.example.com/hooks/webhook?project=..."}
 * </pre>
 * with {@code Content-Type: application/json}, {@code X-Slipway-Deployment} (the deployment's id),
 * {@code X-Slipway-Timestamp} (unix seconds) and {@code X-Slipway-Signature}: {@code sha256=} and the hex HMAC-SHA256,
 * under the environment's secret, of the timestamp, a dot and the raw body; then the configured headers. A cancel
 * is POSTed to the same URL, signed the same way: {@code {"action": "cancel", "deployment": 17}}.
 *
 * <p>The receiver reports the run's progress and end to the document's {@code callbackUrl}, which {@link WebhookHook}
 * serves; its token is good for that one deployment only. Nothing follows the run, so the handle,
 * {@code webhook-<deployment>}, only names it.
 *
 * <p>The receiver must treat the deployment id as an idempotency key: a document for a deployment it has already
 * started is answered 2xx and starts nothing. That is what lets every failed send be sent again as it is.
 */
public final class WebhookBackend implements ReportedBackend {
    static final String HANDLE_PREFIX = "webhook-";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON = 200;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookBackend.class);

    private final WebhookSettings settings;
    private final String project;
    private final String publicUrl;
    private final HttpClient client;
    private final Clock clock;
    private final URI target;
    private final String where;

    /**
     * @param project   the project whose environment this backend deploys, or null when it is not known; a task
     *                  of another project is refused
     * @param publicUrl where Slipway is reached from outside ({@code server.publicUrl}), the base of each callback URL
     */
    public WebhookBackend(WebhookSettings settings, String project, String publicUrl, HttpClient client, Clock clock) {
        if (publicUrl == null || publicUrl.isBlank()) {
            throw new IllegalArgumentException("a webhook backend needs server.publicUrl, where its receiver calls back");
        }
        this.settings = settings;
        this.project = project;
        this.publicUrl = publicUrl.strip().replaceAll("/+$", "");
        this.client = client;
        this.clock = clock;
        this.target = URI.create(settings.url());
        // Shown in messages: without credentials a URL may carry in its user info or query.
        this.where = target.getScheme() + "://" + target.getHost() + (target.getPort() < 0 ? "" : ":" + target.getPort())
                + (target.getRawPath() == null ? "" : target.getRawPath());
    }

    public static BackendType<WebhookSettings> type(HttpClient http, String publicUrl, Clock clock) {
        return new BackendType<>("webhook", WebhookSettings.class, RefKind.GIT,
                (settings, placement) -> new WebhookBackend(settings, placement.project(), publicUrl, http, clock),
                s -> Optional.empty(), Set.of());
    }

    @Override
    public Duration reportDeadline() {
        return settings.reportDeadline();
    }

    /**
     * Sends the deployment's document. Every failure is transient and says nothing started: a receiver that got the
     * document and failed to answer (a 500, a timeout, a dropped connection) deduplicates the resend on the
     * deployment id, so sending it again cannot run the deployment twice, and Slipway may send it again at once
     * rather than fail the deployment for a person to check. A refusal (4xx other than 408 and 429) is permanent.
     */
    @Override
    public StartedRun start(DeploymentTask task) throws BackendException {
        checkProject(task);
        ObjectNode document = JSON.createObjectNode();
        document.put("action", "deploy");
        document.put("deployment", task.deploymentId());
        document.put("project", task.project());
        document.put("environment", task.environment());
        document.put("ref", task.ref());
        document.put("requestedBy", task.user());
        document.put("channel", task.channel());
        document.put("thread", task.thread());
        document.put("callbackUrl", callbackUrl(task));
        String doing = "sent deployment " + task.deploymentId();
        HttpResponse<String> response = post(bytes(document), task.deploymentId(), doing, true);
        int status = response.statusCode();
        if (status / 100 == 2) {
            LOG.info("Deployment {} was sent to the webhook receiver at {}", task.deploymentId(), where);
            return new StartedRun(handle(task), null, clock.instant());
        }
        if (retryable(status)) {
            throw TransientBackendException.beforeStart("the webhook receiver at " + where + " answered HTTP "
                    + status + " when " + doing + "; will send it again", null);
        }
        throw new PermanentBackendException("the webhook receiver at " + where + " refused deployment "
                + task.deploymentId() + " (HTTP " + status + "): " + reason(response.body())
                + (status == 401 || status == 403 ? "; check that it verifies signatures with this environment's secret"
                : ""));
    }

    /**
     * Always {@link StartLookup.NotStarted}: the receiver cannot be asked what it started, but it need not be. A
     * document for a deployment it has already started is deduplicated on the deployment id, its idempotency key, so
     * the start Slipway makes after this answer either starts the run that never began or is answered as a
     * duplicate, never a second run.
     */
    @Override
    public StartLookup findStart(DeploymentTask task) {
        return new StartLookup.NotStarted();
    }

    /**
     * Sends the signed cancel. A refusal cannot be retried into success, so the person is told to stop the run
     * where it runs; a 5xx, a timeout or a dropped connection is transient.
     */
    @Override
    public Cancellation cancel(DeploymentTask task, StartedRun run) throws BackendException {
        ObjectNode document = JSON.createObjectNode();
        document.put("action", "cancel");
        document.put("deployment", task.deploymentId());
        String doing = "asked to cancel deployment " + task.deploymentId();
        HttpResponse<String> response = post(bytes(document), task.deploymentId(), doing, false);
        int status = response.statusCode();
        if (status / 100 == 2) {
            LOG.info("Deployment {}: the webhook receiver at {} was asked to cancel it", task.deploymentId(), where);
            return new Cancellation.Stopped();
        }
        if (retryable(status)) {
            throw new TransientBackendException("the webhook receiver at " + where + " answered HTTP " + status
                    + " when " + doing + "; will retry");
        }
        return new Cancellation.CannotStop("the webhook receiver at " + where + " refused to cancel deployment "
                + task.deploymentId() + " (HTTP " + status + ": " + reason(response.body())
                + "): stop it where it runs");
    }

    /**
     * Where the receiver reports on the task's run: Slipway's {@code /hooks/webhook} with the project, environment
     * and deployment, and a token good for that deployment only.
     */
    String callbackUrl(DeploymentTask task) {
        return publicUrl + WebhookHook.PATH + "?project=" + ProviderHttp.encode(task.project())
                + "&environment=" + ProviderHttp.encode(task.environment()) + "&deployment=" + task.deploymentId()
                + "&token=" + WebhookTokens.callbackToken(settings.secret(), task.project(), task.environment(),
                task.deploymentId());
    }

    static String handle(DeploymentTask task) {
        return HANDLE_PREFIX + task.deploymentId();
    }

    private void checkProject(DeploymentTask task) throws PermanentBackendException {
        if (project != null && !project.equals(task.project())) {
            throw new PermanentBackendException("this webhook backend deploys " + project + ", not "
                    + Excerpt.of(task.project()));
        }
    }

    private HttpResponse<String> post(byte[] body, long deploymentId, String doing, boolean starting)
            throws TransientBackendException {
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(settings.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        settings.headers().forEach(request::header);
        request.header("Content-Type", "application/json")
                .header("X-Slipway-Deployment", Long.toString(deploymentId))
                .header("X-Slipway-Timestamp", Long.toString(timestamp))
                .header("X-Slipway-Signature", WebhookTokens.signature(settings.secret(), timestamp, body));
        String again = starting ? "; will send it again" : "; will retry";
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw failed("the webhook receiver at " + where + " gave no answer within "
                    + ProviderHttp.readable(settings.timeout()) + " when " + doing + again, e, starting);
        } catch (IOException e) {
            throw failed("could not reach the webhook receiver at " + where + " when " + doing + ": "
                    + redact(ProviderHttp.reason(e, target.getHost())) + again, e, starting);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted when " + doing + " to the webhook receiver at " + where + again, e, starting);
        }
    }

    // See start: a resend of a start is deduplicated by the receiver, so no failure leaves it in doubt.
    private static TransientBackendException failed(String message, Exception cause, boolean starting) {
        return starting ? TransientBackendException.beforeStart(message, cause)
                : new TransientBackendException(message, cause);
    }

    private static boolean retryable(int status) {
        return status == 408 || status == 429 || status / 100 == 5;
    }

    private static byte[] bytes(ObjectNode document) {
        try {
            return JSON.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers is always JSON", e);
        }
    }

    /** The first line of the receiver's answer, short, without the secret or a configured header's value. */
    private String reason(String body) {
        String text = body == null ? "" : body.strip();
        int end = text.indexOf('\n');
        String line = (end < 0 ? text : text.substring(0, end)).strip();
        return line.isEmpty() ? "no reason given" : Excerpt.of(redact(line), MAX_REASON);
    }

    private String redact(String text) {
        String redacted = text.replace(settings.secret(), "***");
        for (String value : settings.headers().values()) {
            if (value.length() >= 4) {
                redacted = redacted.replace(value, "***");
            }
        }
        return redacted;
    }
}
