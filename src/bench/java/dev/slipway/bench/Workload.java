package dev.slipway.bench;

import dev.slipway.testing.SlackRequests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * What one workload sends, request after request, and what a 2xx answer must say for the request to count as
 * done. Every request is unique (trigger id, event id, message ts), so none is taken for a retry of another —
 * except in the retry storm, whose deliveries of one request are Slack's redeliveries of it.
 */
abstract class Workload {
    static final String FORM = "application/x-www-form-urlencoded";
    static final String JSON = "application/json";

    /**
     * One request's body; {@code done} finds in the answer's body what shows it did what was asked, or is null.
     * {@code headers}: extra header lines, each ending in CRLF. {@code first}: the first delivery of a distinct
     * request (every request but a redelivery).
     */
    record Request(String contentType, byte[] body, Pattern done, String headers, boolean first) {
        Request(String contentType, byte[] body, Pattern done) {
            this(contentType, body, done, "", true);
        }
    }

    /**
     * What Slipway answers a deploy it accepted: it starts now ("Deploying bench main to env3 as #12"), waits for
     * the deployment ahead of it on that environment ("Queued #13 ..."), or joins one queued just before with the
     * same ref ("#13 already ships ..., queued just before yours: your request joins it"). A refusal says none.
     */
    static final Pattern DEPLOY_ACCEPTED = Pattern.compile("Deploying bench|Queued #|your request joins it");

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
        return slashCommandOnly("status", "(a) read-only `/slipway status`", "status", runId);
    }

    /**
     * One slash command, sent again and again (a new trigger id each time), whose answer is not checked:
     * {@code status}, {@code help}, and {@code unknown} (a deploy of a project that does not exist, which Slipway
     * refuses with a reply naming the projects it knows).
     */
    static Workload slashCommandOnly(String name, String title, String text, String runId) {
        return new Workload(name, title) {
            @Override
            Request request(long seq) {
                return new Request(FORM, slashCommand(text, runId + "." + seq), null);
            }
        };
    }

    /** The workload called {@code name}, or null if it is not one of the table's (a scenario's, say). */
    static Workload named(String name, String runId, int environments) {
        return switch (name) {
            case "status" -> readOnly(runId);
            case "help" -> slashCommandOnly("help", "`/slipway help`", "help", runId);
            case "unknown" -> slashCommandOnly("unknown", "`/slipway deploy` of an unknown project",
                    "deploy nosuchproject main to production", runId);
            case "deploy", "deploy-pg" -> durableWrites(runId, environments);
            default -> null;
        };
    }

    /**
     * (b) durable writes, half and half: {@code /slipway deploy bench b<seq> to env<n>} (the deployment, its audit
     * event and its job are stored before the acknowledgement, which says "Deploying" or "Queued") and app_mention
     * events asking the same (the request and its keys are stored in the inbox before the acknowledgement). Each
     * request names a ref of its own, so that none joins a deployment of the same ref queued just before: every
     * one is a new deployment or inbox row. A deploy
     * counts as done when it was accepted ({@link #DEPLOY_ACCEPTED}): to start now or after the one ahead. Request
     * {@code seq} goes to {@code env<seq % environments>}, so no environment is asked twice until every one has
     * been asked once.
     */
    static Workload durableWrites(String runId, int environments) {
        return new Workload("deploy", "(b) durable writes: `/slipway deploy` + app_mention, 1:1") {
            @Override
            Request request(long seq) {
                String environment = "env" + (seq % environments);
                if (seq % 2 == 0) {
                    return new Request(FORM, slashCommand("deploy bench b" + seq + " to " + environment, runId + "." + seq),
                            DEPLOY_ACCEPTED);
                }
                long micros = seq;
                String ts = "%d.%06d".formatted(1_800_000_000L + micros / 1_000_000, micros % 1_000_000);
                String json = SlackRequests.mention("Ev" + runId + "x" + seq, "U1", "C1", ts, null,
                        "<@U0009> deploy bench b" + seq + " to " + environment);
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
