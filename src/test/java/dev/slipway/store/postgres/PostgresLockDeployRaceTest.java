package dev.slipway.store.postgres;

import dev.slipway.app.LockDeployRace;
import dev.slipway.store.Store;
import dev.slipway.testing.EmbeddedPostgresServer;

/** The lock-against-deploy race on two replicas of one PostgreSQL database, where both really write at once. */
class PostgresLockDeployRaceTest extends LockDeployRace {
    private String url;

    /** Both replicas of a test share one database, created when the first of them opens. */
    @Override
    protected Store openReplica() {
        if (url == null) {
            url = EmbeddedPostgresServer.freshDatabase();
        }
        return PostgresStore.open(url, "postgres", null, 4);
    }
}
