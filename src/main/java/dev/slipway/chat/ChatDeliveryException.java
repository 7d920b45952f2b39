package dev.slipway.chat;

import java.time.Duration;
import java.util.Optional;

/** A chat message could not be delivered; {@link #retryable()} says whether to try again, {@link #retryAfter()} when. */
public class ChatDeliveryException extends Exception {
    private final boolean retryable;
    private final transient Duration retryAfter;

    public ChatDeliveryException(String message, boolean retryable, Duration retryAfter) {
        super(message);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
