package dev.slipway.backend.webhook;

/** The callback token a webhook receiver is given for one deployment, for tests outside this package. */
public final class WebhookCallbacks {
    private WebhookCallbacks() {
    }

    public static String token(String secret, String project, String environment, long deploymentId) {
        return WebhookTokens.callbackToken(secret, project, environment, deploymentId);
    }
}
