package dev.slipway.backend;

/** A failure that may pass: a timeout, a 5xx, a dropped connection. The job is retried with backoff. */
public class TransientBackendException extends BackendException {
    private final boolean nothingStarted;

    public TransientBackendException(String message) {
        this(message, null, false);
    }

    public TransientBackendException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private TransientBackendException(String message, Throwable cause, boolean nothingStarted) {
        super(message, cause);
        this.nothingStarted = nothingStarted;
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
