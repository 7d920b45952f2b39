package dev.slipway.web;

/**
 * A sign-in with Slack that did not go through. The message is one line that may be shown to the person signing in:
 * it never carries the code, a token or the client secret.
 */
public final class SignInRefused extends RuntimeException {
    public SignInRefused(String message) {
        super(message, null, false, false);
    }
}
