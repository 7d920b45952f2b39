package dev.slipway.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.EnvironmentLock;
import dev.slipway.store.Store;
import dev.slipway.store.StoreContract;
import dev.slipway.store.Transaction;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContract {

    @TempDir
    Path dir;

    /** In a directory that does not exist yet, so every test also checks that it is created. */
    private String url() {
        return "jdbc:sqlite:" + dir.resolve("data/nested/slipway.db");
    }

    @Override
    protected Store openStore() {
        return SqliteStore.open(url(), 8);
    }

    @Test
    void creates_the_database_file_and_its_missing_directories() {
        assertThat(dir.resolve("data/nested/slipway.db")).isRegularFile();
    }

    @Test
    void uses_write_ahead_logging() throws Exception {
        try (Connection c = DriverManager.getConnection(url());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void keeps_its_data_when_reopened() {
        EnvironmentLock lock = new EnvironmentLock("api", "production", "alice", "freeze", Instant.EPOCH);
        store.inTransaction(tx -> {
            tx.locks().insert(lock);
            return null;
        });
        store.close();

        store = SqliteStore.open(url(), 2);

        assertThat(store.isReady()).isTrue();
        assertThat(store.inTransaction((Transaction tx) -> tx.locks().find("api", "production"))).contains(lock);
    }

    @Test
    void works_in_memory_on_a_single_connection() {
        try (Store memory = SqliteStore.open("jdbc:sqlite::memory:", 8)) {
            assertThat(memory.isReady()).isTrue();
            assertThat(memory.inTransaction((Transaction tx) -> tx.idempotencyKeys().claim("k", Instant.EPOCH))).isTrue();
            assertThat(memory.inTransaction((Transaction tx) -> tx.idempotencyKeys().claim("k", Instant.EPOCH))).isFalse();
        }
    }
}
