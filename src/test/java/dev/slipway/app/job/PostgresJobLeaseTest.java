package dev.slipway.app.job;

import dev.slipway.store.Store;
import dev.slipway.testing.EmbeddedPostgresServer;
import dev.slipway.store.postgres.PostgresStore;
import org.junit.jupiter.api.BeforeEach;

class PostgresJobLeaseTest extends JobLeaseContract {
    private String url;

    @BeforeEach
    void createDatabase() {
        url = EmbeddedPostgresServer.freshDatabase();
    }

    @Override
    protected Store openReplica() {
        return PostgresStore.open(url, "postgres", null, 4);
    }
}
