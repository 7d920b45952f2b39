package dev.slipway.store;

import java.time.Instant;

/** Keys of inbound requests already processed: one row per key, so a retry is recognised. */
public interface IdempotencyKeys {
    /**
     * Records {@code key}; returns true if it was new, false if it had been recorded before.
     * Inside a transaction that then rolls back, the key is not recorded.
     */
    boolean claim(String key, Instant at);
}
