package dev.slipway.store.postgres;

import dev.slipway.store.GroupCommit;
import dev.slipway.store.Store;
import dev.slipway.store.StoreContract;
import dev.slipway.testing.EmbeddedPostgresServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The store contract for PostgreSQL as {@code serve} runs it: every write through one group-commit writer. */
class PostgresGroupCommitTest extends StoreContract {
    /** As {@code Slipway} builds it. */
    private static final int MAX_BATCH = 256;
    private final List<Store> databases = new ArrayList<>();

    /** A database of its own for every test, so none sees another's rows. */
    @Override
    protected Store openStore() {
        Store database = PostgresStore.open(EmbeddedPostgresServer.freshDatabase(), "postgres", null, 10);
        databases.add(database);
        return new GroupCommit(database, MAX_BATCH);
    }

    /** Group commit leaves the store beneath open, as {@code Slipway} closes it on its own. */
    @AfterEach
    void closeDatabases() {
        databases.forEach(Store::close);
    }
}
