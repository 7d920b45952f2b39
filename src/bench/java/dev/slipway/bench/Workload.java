package dev.slipway.bench;

import dev.slipway.testing.SlackRequests;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one workload sends, request after request, and what a 2xx answer must say for the request to count as
 * done. Every request is unique (trigger id, event id, message ts), so none is taken for a retry of another.
 */
abstract class Workload {
    static final String FORM = "application/x-www-form-urlencoded";
    static final String JSON = "application/json";

    /** One request's body; {@code mustContain} is what the answer's body shows when it did what was asked, or null. */
    record Request(String contentType, byte[] body, String mustContain) {
    }

    private final String name;
    private final String title;

    private Workload(String name, String title) {
        this.name = name;
        this.title = title;
    }

    String name() {
        return name;
    }

    String title() {
        return title;
    }

    abstract Request request(long seq);

    /** (a) {@code /slipway status}: answered in the acknowledgement from a read-only transaction. */
    static Workload readOnly(String runId) {
        return new Workload("status", "(a) read-only `/slipway status`") {
            @Override
            Request request(long seq) {
                return new Request(FORM, slashCommand("status", runId + "." + seq), null);
            }
        };
    }

    /**
     * (b) durable writes, half and half: {@code /slipway deploy bench main to env<n>} (the deployment, its audit
     * event and its job are stored before the acknowledgement, which says "Deploying") and app_mention events
     * asking the same (the request and its keys are stored in the inbox before the acknowledgement). Request
     * {@code seq} goes to {@code env<seq % environments>}, so no environment is asked twice until every one has
     * been asked once.
     */
    static Workload durableWrites(String runId, int environments) {
        return new Workload("deploy", "(b) durable writes: `/slipway deploy` + app_mention, 1:1") {
            @Override
            Request request(long seq) {
                String environment = "env" + (seq % environments);
                if (seq % 2 == 0) {
                    return new Request(FORM, slashCommand("deploy bench main to " + environment, runId + "." + seq),
                            "Deploying bench");
                }
                long micros = seq;
                String ts = "%d.%06d".formatted(1_800_000_000L + micros / 1_000_000, micros % 1_000_000);
                String json = SlackRequests.mention("Ev" + runId + "x" + seq, "U1", "C1", ts, null,
                        "<@U0009> deploy bench main to " + environment);
                return new Request(JSON, json.getBytes(StandardCharsets.UTF_8), null);
            }
        };
    }

    /** The form Slack posts for a slash command (the fields of {@code SlackRequests.slashCommand}). */
    static byte[] slashCommand(String text, String triggerId) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "FakeVerificationToken0001");
        form.put("team_id", "T1");
        form.put("team_domain", "bench");
        form.put("channel_id", "C1");
        form.put("channel_name", "deploys");
        form.put("user_id", "U1");
        form.put("user_name", "bench");
        form.put("command", "/slipway");
        form.put("text", text);
        form.put("api_app_id", "A0001");
        form.put("is_enterprise_install", "false");
        form.put("response_url", "https://hooks.slack.com/commands/T1/1/FakeResponseUrlSecret0001");
        form.put("trigger_id", triggerId);
        return SlackRequests.encode(form).getBytes(StandardCharsets.UTF_8);
    }
}
