package dev.slipway.app.job;

import java.time.Duration;
import java.util.Optional;

/**
 * Thrown by a handler that cannot finish now but may later. {@code after} overrides the backoff when the other
 * side said when to come back (Slack's Retry-After); {@code permanent} means never try again.
 */
public class RetryLater extends Exception {
    private final transient Duration after;
    private final boolean permanent;

    public RetryLater(String message, Duration after, boolean permanent) {
        super(message);
        this.after = after;
        this.permanent = permanent;
    }

    public Optional<Duration> after() {
        return Optional.ofNullable(after);
    }

    public boolean permanent() {
        return permanent;
    }
}
