package dev.slipway.bench;

import dev.slipway.testing.SlackRequests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one workload sends, request after request, and what a 2xx answer must say for the request to count as
 * done. Every request is unique (trigger id, event id, message ts), so none is taken for a retry of another —
 * except in the retry storm, whose deliveries of one request are Slack's redeliveries of it.
 */
abstract class Workload {
    static final String FORM = "application/x-www-form-urlencoded";
    static final String JSON = "application/json";

    /**
     * One request's body; {@code mustContain} is what the answer's body shows when it did what was asked, or null.
     * {@code headers}: extra header lines, each ending in CRLF. {@code first}: the first delivery of a distinct
     * request (every request but a redelivery).
     */
    record Request(String contentType, byte[] body, String mustContain, String headers, boolean first) {
        Request(String contentType, byte[] body, String mustContain) {
            this(contentType, body, mustContain, "", true);
        }
    }

    private final String name;
    private final String title;
    private final AtomicLong sequence = new AtomicLong();

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

    /** How many requests {@link #next} hands out at once: each on a connection of its own, sent together. */
    int together() {
        return 1;
    }

    /** How many distinct requests went out so far (redeliveries not counted). */
    long distinctSent() {
        return sequence.get();
    }

    /** The next {@link #together()} requests to send; called by every load thread. */
    Request[] next(long nowNanos) {
        return new Request[] {request(sequence.getAndIncrement())};
    }

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

    /**
     * The retry storm: (b)'s requests, each delivered four times as Slack redelivers one it got no timely answer
     * for: same body (trigger id, event id), {@code X-Slack-Retry-Num: 1..3} and {@code X-Slack-Retry-Reason:
     * http_timeout} on the redeliveries. Delivery 0 and 1 go out together on two connections; 2 and 3 follow
     * {@link #LATER} and twice that after, sent in pairs with whatever other redeliveries are due. No answer is
     * required to say anything: which delivery wins the race is not fixed, so answers are counted by kind.
     */
    static Workload retryStorm(String runId, int environments) {
        Workload plain = durableWrites(runId, environments);
        return new Workload("storm", "retry storm: (b), each request delivered 4 times") {
            private record Redelivery(long dueNanos, long seq, int retry) {
            }

            private final PriorityQueue<Redelivery> later =
                    new PriorityQueue<>(Comparator.comparingLong(Redelivery::dueNanos));
            private long fresh;

            @Override
            Request request(long seq) {
                return plain.request(seq);
            }

            @Override
            int together() {
                return 2;
            }

            @Override
            synchronized long distinctSent() {
                return fresh;
            }

            @Override
            synchronized Request[] next(long nowNanos) {
                Redelivery soonest = later.peek();
                if (soonest != null && soonest.dueNanos() <= nowNanos && later.size() >= 2) {
                    Redelivery a = later.poll();
                    Redelivery b = later.peek().dueNanos() <= nowNanos ? later.poll() : null;
                    if (b != null) {
                        return new Request[] {delivery(a.seq(), a.retry()), delivery(b.seq(), b.retry())};
                    }
                    later.add(a);
                }
                long seq = fresh++;
                later.add(new Redelivery(nowNanos + LATER.toNanos(), seq, 2));
                later.add(new Redelivery(nowNanos + 2 * LATER.toNanos(), seq, 3));
                return new Request[] {delivery(seq, 0), delivery(seq, 1)};
            }

            private Request delivery(long seq, int retry) {
                Request request = plain.request(seq);
                String headers = retry == 0 ? ""
                        : "X-Slack-Retry-Num: " + retry + "\r\nX-Slack-Retry-Reason: http_timeout\r\n";
                return new Request(request.contentType(), request.body(), null, headers, retry == 0);
            }
        };
    }

    /** How long after a request's first two deliveries its third comes (and twice that, its fourth). */
    static final Duration LATER = Duration.ofSeconds(1);

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
