package dev.slipway.chat.slack;

import dev.slipway.chat.ChatDeliveryException;
import java.time.Duration;

/** Slack answered {@code ok:false}; the error code lets callers recover from the few they can. */
final class SlackWebRefusal extends ChatDeliveryException {
    private final String method;
    private final String error;

    SlackWebRefusal(String method, String error, String message, boolean retryable, Duration retryAfter) {
        super(message, retryable, retryAfter);
        this.method = method;
        this.error = error;
    }

    String method() {
        return method;
    }

    String error() {
        return error;
    }

    /** The message to update is gone (deleted, or too old to edit): posting a new one is the way forward. */
    boolean messageGone() {
        return error.equals("message_not_found") || error.equals("cant_update_message");
    }

    /** The channel named is gone, or was never one this bot can see. */
    boolean channelGone() {
        return error.equals("channel_not_found");
    }
}
