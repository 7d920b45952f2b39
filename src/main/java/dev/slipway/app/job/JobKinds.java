package dev.slipway.app.job;

import dev.slipway.domain.DeploymentState;

/** The kinds of durable job and the shape of their payloads, in one place so producers and handlers agree. */
public final class JobKinds {
    public static final String RUN_DEPLOYMENT = "run-deployment";
    public static final String CANCEL_DEPLOYMENT = "cancel-deployment";
    public static final String EXPIRE_DEPLOYMENT = "expire-deployment";
    private static final String CHAT_REQUEST = "chat-request:";
    private static final String NOTIFY_DEPLOYMENT = "notify-deployment:";

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
