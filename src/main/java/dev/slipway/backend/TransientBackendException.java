package dev.slipway.backend;

/** A failure that may pass: a timeout, a 5xx, a dropped connection. The job is retried with backoff. */
public class TransientBackendException extends BackendException {
    public TransientBackendException(String message) {
        super(message, null);
    }

    public TransientBackendException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
