package dev.slipway.backend;

/** A failure that retrying cannot fix: bad credentials, an unknown project, a malformed setting. */
public class PermanentBackendException extends BackendException {
    public PermanentBackendException(String message) {
        super(message, null);
    }

    public PermanentBackendException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
