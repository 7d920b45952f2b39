package dev.slipway.backend;

/** A backend could not do what it was asked; {@link #retryable()} says whether trying again can help. */
public abstract class BackendException extends Exception {
    protected BackendException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract boolean retryable();
}
