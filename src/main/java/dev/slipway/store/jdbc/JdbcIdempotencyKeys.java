package dev.slipway.store.jdbc;

import dev.slipway.store.IdempotencyKeys;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/** The {@code idempotency_keys} table; its primary key decides which of two racing claims wins. */
final class JdbcIdempotencyKeys implements IdempotencyKeys {

    private final Handle handle;

    JdbcIdempotencyKeys(Handle handle) {
        this.handle = handle;
    }

    @Override
    public boolean claim(String key, Instant at) {
        // DO NOTHING rather than a caught violation: on PostgreSQL a violation would abort the transaction.
        return handle.createUpdate("INSERT INTO idempotency_keys (key, created_at) VALUES (:key, :at)"
                        + " ON CONFLICT DO NOTHING")
                .bind("key", key)
                .bind("at", at.toEpochMilli())
                .execute() == 1;
    }
}
