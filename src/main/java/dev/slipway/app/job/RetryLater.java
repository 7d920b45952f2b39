package dev.slipway.app.job;

import dev.slipway.chat.ChatDeliveryException;
import java.time.Duration;
import java.util.Optional;

/**
 * Thrown by a handler that cannot finish now but may later. {@code after} overrides the backoff when the other
 * side said when to come back (Slack's Retry-After); {@code permanent} means never try again; a job that is
 * only {@link #waiting} for something else to happen first does not use up an attempt.
 */
public class RetryLater extends Exception {
    private final transient Duration after;
    private final boolean permanent;
    private final boolean countsAsAttempt;

    public RetryLater(String message, Duration after, boolean permanent) {
        this(message, after, permanent, true);
    }

    private RetryLater(String message, Duration after, boolean permanent, boolean countsAsAttempt) {
        super(message);
        this.after = after;
        this.permanent = permanent;
        this.countsAsAttempt = countsAsAttempt;
    }

    /** A chat message that could not be delivered: retried when Slack says so, never when it cannot help. */
    public static RetryLater of(ChatDeliveryException undelivered) {
        return new RetryLater(undelivered.getMessage(), undelivered.retryAfter().orElse(null), !undelivered.retryable());
    }

    /** Nothing failed: the job waits for another to do its part first, and comes back after {@code after}. */
    public static RetryLater waiting(String message, Duration after) {
        return new RetryLater(message, after, false, false);
    }

    public Optional<Duration> after() {
        return Optional.ofNullable(after);
    }

    public boolean permanent() {
        return permanent;
    }

    public boolean countsAsAttempt() {
        return countsAsAttempt;
    }
}
