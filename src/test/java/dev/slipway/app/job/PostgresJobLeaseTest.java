package dev.slipway.app.job;

import dev.slipway.store.Store;
import dev.slipway.testing.EmbeddedPostgresServer;
import dev.slipway.store.postgres.PostgresStore;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

class PostgresJobLeaseTest extends JobLeaseContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgresServer server;
    private String url;

    @BeforeAll
    static void startPostgres() throws Exception {
        server = EmbeddedPostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        server.close();
    }

    @BeforeEach
    void createDatabase() throws SQLException {
        url = server.createDatabase("jobs_" + DATABASES.incrementAndGet());
    }

    @Override
    protected Store openReplica() {
        return PostgresStore.open(url, "postgres", null, 4);
    }
}
