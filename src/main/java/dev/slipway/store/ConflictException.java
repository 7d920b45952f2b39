package dev.slipway.store;

/** A write broke one of the schema's uniqueness invariants; the transaction is rolled back. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
