package dev.slipway.backend;

/** A failure that may pass: a timeout, a 5xx, a dropped connection. The job is retried with backoff. */
public class TransientBackendException extends BackendException {
    private final boolean nothingStarted;
    private final transient java.time.Duration retryAfter;

    public TransientBackendException(String message) {
        this(message, null, false);
    }

    public TransientBackendException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private TransientBackendException(String message, Throwable cause, boolean nothingStarted) {
        this(message, cause, nothingStarted, null);
    }

    private TransientBackendException(String message, Throwable cause, boolean nothingStarted,
                                      java.time.Duration retryAfter) {
        super(message, cause);
        this.nothingStarted = nothingStarted;
        this.retryAfter = retryAfter;
    }

    /**
     * A start the provider refused for now and asked to be tried again no sooner than {@code retryAfter} (a 429 with
     * {@code Retry-After}): nothing started, and the retry waits at least that long.
     */
    public static TransientBackendException throttled(String message, java.time.Duration retryAfter) {
        return new TransientBackendException(message, null, true, retryAfter);
    }

    /** How long the provider asked to wait before the next try, if it said. */
    public java.util.Optional<java.time.Duration> retryAfter() {
        return java.util.Optional.ofNullable(retryAfter);
    }

    /**
     * A start that certainly did not reach the provider, or that the provider certainly refused (connection refused,
     * 503): the start is not in doubt and may simply be tried again.
     */
    public static TransientBackendException beforeStart(String message, Throwable cause) {
        return new TransientBackendException(message, cause, true);
    }

    /** Whether the start that threw this certainly started nothing. */
    public boolean nothingStarted() {
        return nothingStarted;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
