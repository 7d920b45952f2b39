package dev.slipway.app;

import dev.slipway.backend.RunReports;
import dev.slipway.domain.DeploymentState;

/** The kinds of durable job and the shape of their payloads, in one place so producers and handlers agree. */
public final class JobKinds {
    public static final String RUN_DEPLOYMENT = "run-deployment";
    public static final String CANCEL_DEPLOYMENT = "cancel-deployment";
    public static final String EXPIRE_DEPLOYMENT = "expire-deployment";
    /** Payload: the id of a closed build's review (its preview deployment). */
    public static final String RETIRE_PREVIEW = "retire-preview";
    /** Payload: {@link #handOnPayload}; one deployment's steps run in order under {@link #handOnKey}. */
    public static final String HAND_ON_RUN = "hand-on-run";
    /** Payload: {@link #queuePayload}; starts the next deployment of an environment that is free. */
    public static final String ADVANCE_QUEUE = "advance-queue";
    /** Payload: {@link #lapsePayload}; ends a deployment still waiting in that state (for a confirmation, approvals). */
    public static final String LAPSE_WAIT = "lapse-wait";
    private static final String CHAT_REQUEST = "chat-request:";
    private static final String NOTIFY_APPROVAL = "notify-approval:";
    private static final String NOTIFY_DEPLOYMENT = "notify-deployment:";
    private static final String NOTIFY_REVIEW = "notify-review:";

    private JobKinds() {
    }

    /** Reports go to the surface a deployment was asked from; only a process running that surface takes them. */
    public static String notifyKind(String surface) {
        return NOTIFY_DEPLOYMENT + surface;
    }

    /** Chat requests are answered by a process that runs the surface they came from. */
    public static String chatRequestKind(String surface) {
        return CHAT_REQUEST + surface;
    }

    /** An approver's message about a deployment that awaits approval, on the surface it was asked from. */
    public static String notifyApprovalKind(String surface) {
        return NOTIFY_APPROVAL + surface;
    }

    /** The approver {@code recipient}'s message about deployment {@code id}. */
    public static String approvalPayload(long id, String recipient) {
        return id + "\n" + recipient;
    }

    /** One approver's messages about one deployment are delivered in order. */
    public static String approvalKey(long id, String recipient) {
        return "approval:" + id + ":" + recipient;
    }

    /**
     * The environment whose queue is to move on. Its jobs take no serial key: one due when a freeze ends must not
     * hold back those due now, and each takes the environment's turn anyway.
     */
    public static String queuePayload(String project, String environment) {
        return project + "\n" + environment;
    }

    /** Deployment {@code id} lapses if it still waits in {@code state} when the job is due. */
    public static String lapsePayload(long id, DeploymentState state) {
        return id + ":" + state.label();
    }

    /** A build review's cards, replies and announcements, on the surface that carries the review. */
    public static String notifyReviewKind(String surface) {
        return NOTIFY_REVIEW + surface;
    }

    /** One person's messages about one build are delivered in order; {@code recipient} null is the channel. */
    public static String reviewKey(long reviewId, String recipient) {
        return "review:" + reviewId + ":" + (recipient == null ? "#channel" : recipient);
    }

    /** What a review notice does, read back from its payload. */
    public record ReviewNotice(Type type, long reviewId, String recipient, String text) {
        public enum Type { CARD, REPLY, ANNOUNCEMENT }
    }

    public static String reviewCardPayload(long reviewId, String recipient) {
        return "card\n" + reviewId + "\n" + recipient;
    }

    public static String reviewReplyPayload(long reviewId, String recipient, String text) {
        return "reply\n" + reviewId + "\n" + recipient + "\n" + text;
    }

    public static String reviewAnnouncementPayload(long reviewId, String text) {
        return "announcement\n" + reviewId + "\n\n" + text;
    }

    public static ReviewNotice reviewNoticeOf(String payload) {
        String[] parts = payload.split("\n", 4);
        ReviewNotice.Type type = switch (parts[0]) {
            case "card" -> ReviewNotice.Type.CARD;
            case "reply" -> ReviewNotice.Type.REPLY;
            case "announcement" -> ReviewNotice.Type.ANNOUNCEMENT;
            default -> throw new IllegalArgumentException("not a review notice: " + parts[0]);
        };
        return new ReviewNotice(type, Long.parseLong(parts[1]), parts.length > 2 && !parts[2].isEmpty() ? parts[2] : null,
                parts.length > 3 ? parts[3] : null);
    }

    /**
     * A step of handing a deployment's run on to the next backend: start the next run ({@code outcome} null), or tell
     * the first provider how it ended.
     *
     * @param providerRun the first provider's id of the run, when it may be known before Slipway recorded it; or null
     */
    public record HandOn(long deploymentId, String providerRun, RunReports.Outcome outcome) {
        public boolean start() {
            return outcome == null;
        }
    }

    public static String handOnPayload(HandOn step) {
        return step.deploymentId() + "\n" + (step.providerRun() == null ? "" : step.providerRun()) + "\n"
                + (step.outcome() == null ? "start" : step.outcome().name());
    }

    public static HandOn handOnOf(String payload) {
        String[] parts = payload.split("\n", -1);
        return new HandOn(Long.parseLong(parts[0]), parts[1].isEmpty() ? null : parts[1],
                parts[2].equals("start") ? null : RunReports.Outcome.valueOf(parts[2]));
    }

    /** A reported run's watchdog: fails deployment {@code id} if run {@code externalId} has not ended by then. */
    public static String expirePayload(long id, String externalId, java.time.Duration deadline) {
        return id + ":" + deadline.toSeconds() + ":" + externalId;
    }

    /** A deployment's hand-on steps run one after the other. */
    public static String handOnKey(long deploymentId) {
        return "hand-on:" + deploymentId;
    }

    public static String notifyPayload(long deploymentId, DeploymentState state) {
        return deploymentId + ":" + state.label();
    }

    /** Reports of one deployment are delivered in the order of its state changes. */
    public static String notifyKey(long deploymentId) {
        return "notify:" + deploymentId;
    }

    public static long deploymentIdOf(String payload) {
        int colon = payload.indexOf(':');
        return Long.parseLong(colon < 0 ? payload : payload.substring(0, colon));
    }

    public static DeploymentState announcedStateOf(String payload) {
        return DeploymentState.fromLabel(payload.substring(payload.indexOf(':') + 1));
    }
}
