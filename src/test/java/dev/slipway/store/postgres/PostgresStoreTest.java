package dev.slipway.store.postgres;

import dev.slipway.store.Store;
import dev.slipway.store.StoreContract;
import dev.slipway.testing.EmbeddedPostgresServer;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresStoreTest extends StoreContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgresServer server;

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
            String url = server.createDatabase("t_" + DATABASES.incrementAndGet());
            return PostgresStore.open(url, "postgres", null, 10);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
