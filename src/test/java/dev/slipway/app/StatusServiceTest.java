package dev.slipway.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Environment;
import dev.slipway.domain.Policy;
import dev.slipway.domain.Project;
import dev.slipway.domain.Projects;
import dev.slipway.store.Store;
import dev.slipway.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusServiceTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Project API = new Project("api", "API", List.of("alice"), List.of(), null, null,
            Map.of("staging", new Environment("staging", Policy.open(), "script", null)));

    @TempDir
    Path dir;
    private Store store;
    private final AtomicLong writes = new AtomicLong();
    private Instant now = T0;
    private StatusService status;

    @BeforeEach
    void open() {
        store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("s.db"), 2);
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        status = new StatusService(store, new Catalog(new Projects(List.of(API))), writes::get, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void deployBehindItsBack() {
        store.inTransaction(tx -> tx.deployments().dispatch(tx.deployments().insert(Deployment.request("api", "staging",
                "main", "alice", ChatOrigin.console("alice"), DeploymentState.QUEUED, T0)).id(), T0));
    }

    @Test
    void serves_the_status_again_until_this_process_writes() {
        assertThat(status.status("api").get(0).active()).isEmpty();
        deployBehindItsBack();
        assertThat(status.status("api").get(0).active()).as("nothing written through this process yet").isEmpty();
        writes.incrementAndGet();
        assertThat(status.status("api").get(0).active()).isPresent();
    }

    @Test
    void sees_other_processes_changes_within_a_second() {
        assertThat(status.status(null).get(0).active()).isEmpty();
        deployBehindItsBack();
        now = now.plus(Duration.ofMillis(999));
        assertThat(status.status(null).get(0).active()).isEmpty();
        now = now.plus(Duration.ofMillis(1));
        assertThat(status.status(null).get(0).active()).isPresent();
    }
}
