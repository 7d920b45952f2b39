package dev.slipway.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends what Slack sends: signed slash commands, event envelopes and interactivity forms, to a Slipway on
 * 127.0.0.1, with the exact v0 signature Slack computes.
 */
public final class SlackRequests {
    public static final String SECRET = "acceptance-slack-signing-secret-0001";

    private final HttpClient client = HttpClient.newHttpClient();
    private final String url;
    private final String secret;

    public SlackRequests(int port, String secret) {
        this.url = "http://127.0.0.1:" + port + "/slack/events";
        this.secret = secret;
    }

    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code /slipway <text>} from {@code user} in {@code channel}, with its own trigger id. */
    public HttpResponse<String> slashCommand(String command, String text, String user, String channel, String triggerId) {
        return post("application/x-www-form-urlencoded", encode(slashCommandFields(command, text, user, channel, triggerId)), Map.of());
    }

    /** As {@link #slashCommand(String, String, String, String, String)}, carrying {@code responseUrl}. */
    public HttpResponse<String> slashCommand(String command, String text, String user, String channel, String triggerId,
                                             String responseUrl) {
        Map<String, String> fields = slashCommandFields(command, text, user, channel, triggerId);
        fields.put("response_url", responseUrl);
        return post("application/x-www-form-urlencoded", encode(fields), Map.of());
    }

    /** The fields Slack sends for {@code /slipway <text>}: a form over HTTP, a JSON payload over Socket Mode. */
    public static Map<String, String> slashCommandFields(String command, String text, String user, String channel,
                                                         String triggerId) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "FakeVerificationToken0001");
        form.put("team_id", "T0001");
        form.put("team_domain", "acme-deploys");
        form.put("channel_id", channel);
        form.put("channel_name", "deploys");
        form.put("user_id", user);
        form.put("user_name", "someone");
        form.put("command", command);
        form.put("text", text);
        form.put("api_app_id", "A0001");
        form.put("is_enterprise_install", "false");
        form.put("response_url", "https://hooks.slack.com/commands/T0001/1/FakeResponseUrlSecret0001");
        form.put("trigger_id", triggerId);
        return form;
    }

    /**
     * The form body of a {@code block_actions} interaction: {@code user} pressed the button {@code actionId} with
     * {@code value} on a message in {@code channel}.
     */
    public static String blockAction(String user, String channel, String triggerId, String actionId, String value) {
        String payload = """
                {"type":"block_actions","user":{"id":"%1$s","username":"%1$s","name":"%1$s","team_id":"T0001"},                "api_app_id":"A0001","token":"FakeVerificationToken0001",                "container":{"type":"message","message_ts":"1717171800.000100","channel_id":"%2$s","is_ephemeral":false},                "trigger_id":"%3$s","team":{"id":"T0001","domain":"acme-deploys"},                "channel":{"id":"%2$s","name":"deploys"},                "response_url":"https://hooks.slack.com/actions/T0001/1/FakeResponseUrlSecret0001",                "actions":[{"action_id":"%4$s","block_id":"b1","value":"%5$s","type":"button",                "text":{"type":"plain_text","text":"%4$s"},"action_ts":"1717171801.000100"}]}"""
                .formatted(user, channel, triggerId, actionId, value);
        return encode(Map.of("payload", payload));
    }

    /** An {@code app_mention} event envelope. {@code threadTs} null for a mention at the channel's top level. */
    public static String mention(String eventId, String user, String channel, String ts, String threadTs, String text) {
        return """
                {"token":"FakeVerificationToken0001","team_id":"T0001","api_app_id":"A0001",\
                "event":{"type":"app_mention","user":"%s","text":"%s","ts":"%s",%s"team":"T0001","channel":"%s","event_ts":"%s"},\
                "type":"event_callback","event_id":"%s","event_time":%d,\
                "authorizations":[{"team_id":"T0001","user_id":"U0009","is_bot":true,"is_enterprise_install":false}],\
                "is_ext_shared_channel":false}"""
                .formatted(user, text, ts, threadTs == null ? "" : "\"thread_ts\":\"" + threadTs + "\",", channel, ts,
                        eventId, Instant.now().getEpochSecond());
    }

    public HttpResponse<String> event(String json, Map<String, String> headers) {
        return post("application/json", json, headers);
    }

    public HttpResponse<String> post(String contentType, String body, Map<String, String> headers) {
        long now = Instant.now().getEpochSecond();
        return send(contentType, body, Long.toString(now), sign(secret, now, body), headers);
    }

    /** Sends {@code body} with the given timestamp and signature headers as they are (null leaves one out). */
    public HttpResponse<String> send(String contentType, String body, String timestamp, String signature,
                                     Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (timestamp != null) {
            request.header("X-Slack-Request-Timestamp", timestamp);
        }
        if (signature != null) {
            request.header("X-Slack-Signature", signature);
        }
        headers.forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&"));
    }
}
