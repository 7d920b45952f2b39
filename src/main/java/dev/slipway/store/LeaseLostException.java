package dev.slipway.store;

/**
 * The job a write was fenced by is no longer leased to the claim that ran it: its lease ran out, and perhaps
 * another worker holds it now. The transaction is rolled back; the work must stop, and must not be retried by
 * the claim that lost it.
 */
public class LeaseLostException extends RuntimeException {
    public LeaseLostException(String message) {
        super(message);
    }
}
