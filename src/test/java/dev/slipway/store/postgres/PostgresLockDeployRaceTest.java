package dev.slipway.store.postgres;

import dev.slipway.app.LockDeployRace;
import dev.slipway.store.Store;
import dev.slipway.testing.EmbeddedPostgresServer;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The lock-against-deploy race on two replicas of one PostgreSQL database, where both really write at once. */
class PostgresLockDeployRaceTest extends LockDeployRace {

    private static EmbeddedPostgresServer server;
    private static int databases;
    private String url;

    @BeforeAll
    static void startPostgres() throws Exception {
        server = EmbeddedPostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        server.close();
    }

    /** Both replicas of a test share one database, created when the first of them opens. */
    @Override
    protected Store openReplica() {
        try {
            if (url == null) {
                url = server.createDatabase("race_" + ++databases);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return PostgresStore.open(url, "postgres", null, 4);
    }
}
