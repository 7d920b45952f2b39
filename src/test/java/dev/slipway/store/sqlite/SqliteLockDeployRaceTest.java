package dev.slipway.store.sqlite;

import dev.slipway.app.LockDeployRace;
import dev.slipway.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The lock-against-deploy race on two stores of one SQLite file, as two processes sharing it would be. */
class SqliteLockDeployRaceTest extends LockDeployRace {

    @TempDir
    Path dir;

    @Override
    protected Store openReplica() {
        return SqliteStore.open("jdbc:sqlite:" + dir.resolve("slipway.db"), 4);
    }
}
