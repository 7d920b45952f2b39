package dev.slipway.app.job;

import dev.slipway.store.Store;
import dev.slipway.store.sqlite.SqliteStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteJobLeaseTest extends JobLeaseContract {
    @TempDir
    Path dir;

    @Override
    protected Store openReplica() {
        return SqliteStore.open("jdbc:sqlite:" + dir.resolve("jobs.db"), 4);
    }
}
