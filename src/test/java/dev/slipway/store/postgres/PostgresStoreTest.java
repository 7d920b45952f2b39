package dev.slipway.store.postgres;

import dev.slipway.store.Store;
import dev.slipway.store.StoreContract;
import dev.slipway.testing.EmbeddedPostgresServer;

class PostgresStoreTest extends StoreContract {
    /** A database of its own for every test, so none sees another's rows. */
    @Override
    protected Store openStore() {
        return PostgresStore.open(EmbeddedPostgresServer.freshDatabase(), "postgres", null, 10);
    }
}
