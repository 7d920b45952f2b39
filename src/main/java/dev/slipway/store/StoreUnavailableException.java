package dev.slipway.store;

/**
 * The database could not be reached, or did not take a write before its {@link WriteDeadline}. Nothing was
 * written unless {@link #mayHaveCommitted} says otherwise; either way the caller's request should be answered
 * "try again later" (HTTP 503), and a retry carrying the same idempotency key is safe.
 */
public final class StoreUnavailableException extends RuntimeException {
    private final boolean mayHaveCommitted;

    public StoreUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private StoreUnavailableException(String message, Throwable cause, boolean mayHaveCommitted) {
        super(message, cause);
        this.mayHaveCommitted = mayHaveCommitted;
    }

    /** The write was not committed and never will be. */
    public static StoreUnavailableException notWritten(String message) {
        return new StoreUnavailableException(message, null, false);
    }

    /** The write's commit was under way when its deadline passed and had not ended: it may still land. */
    public static StoreUnavailableException outcomeUnknown(String message) {
        return new StoreUnavailableException(message, null, true);
    }

    public boolean mayHaveCommitted() {
        return mayHaveCommitted;
    }
}
