package dev.slipway.app;

import dev.slipway.store.Store;
import java.time.Clock;

/**
 * Takes in chat requests that are answered in the background: each is written, with its keys, as a job in one
 * transaction before the surface acknowledges it, so a retry of the same request is recognised and a crash
 * loses nothing.
 */
public final class InboxService {
    private final Store store;
    private final Clock clock;

    public InboxService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Stores the request for the worker; returns false, storing nothing, when any of its keys was seen before. */
    public boolean accept(ChatRequest request) {
        try {
            return store.inTransaction(tx -> {
                for (String key : request.keys()) {
                    if (!tx.idempotencyKeys().claim(key, clock.instant())) {
                        throw new Duplicate(); // rolls back the keys claimed before this one
                    }
                }
                tx.jobs().enqueue(JobKinds.chatRequestKind(request.origin().surface()), request.toPayload(), null, clock.instant());
                return true;
            });
        } catch (Duplicate seenBefore) {
            return false;
        }
    }

    private static final class Duplicate extends RuntimeException {
        Duplicate() {
            super(null, null, false, false);
        }
    }
}
