package dev.slipway.store.sqlite;

import dev.slipway.store.GroupCommit;
import dev.slipway.store.Store;
import dev.slipway.store.StoreContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The store contract for SQLite as {@code serve} runs it: every write through one group-commit writer. */
class SqliteGroupCommitTest extends StoreContract {
    /** As {@code Slipway} builds it. */
    private static final int MAX_BATCH = 256;

    @TempDir
    Path dir;
    private final List<Store> databases = new ArrayList<>();

    @Override
    protected Store openStore() {
        Store database = SqliteStore.open("jdbc:sqlite:" + dir.resolve("slipway.db"), 8);
        databases.add(database);
        return new GroupCommit(database, MAX_BATCH);
    }

    /** Group commit leaves the store beneath open, as {@code Slipway} closes it on its own. */
    @AfterEach
    void closeDatabases() {
        databases.forEach(Store::close);
    }
}
