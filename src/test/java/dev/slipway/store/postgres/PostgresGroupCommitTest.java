package dev.slipway.store.postgres;

import dev.slipway.store.GroupCommit;
import dev.slipway.store.Store;
import dev.slipway.store.StoreContract;
import dev.slipway.testing.EmbeddedPostgresServer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The store contract for PostgreSQL as {@code serve} runs it: every write through one group-commit writer. */
class PostgresGroupCommitTest extends StoreContract {
    /** As {@code Slipway} builds it. */
    private static final int MAX_BATCH = 256;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgresServer server;
    private final List<Store> databases = new ArrayList<>();

    @BeforeAll
    static void startPostgres() throws Exception {
        server = EmbeddedPostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        server.close();
    }

    /** A database of its own for every test, so none sees another's rows. */
    @Override
    protected Store openStore() {
        try {
            String url = server.createDatabase("g_" + DATABASES.incrementAndGet());
            Store database = PostgresStore.open(url, "postgres", null, 10);
            databases.add(database);
            return new GroupCommit(database, MAX_BATCH);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Group commit leaves the store beneath open, as {@code Slipway} closes it on its own. */
    @AfterEach
    void closeDatabases() {
        databases.forEach(Store::close);
    }
}
