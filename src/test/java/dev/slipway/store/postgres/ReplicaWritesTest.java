package dev.slipway.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.store.Store;
import dev.slipway.store.Transaction;
import dev.slipway.testing.EmbeddedPostgresServer;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two stores with pools of their own on one PostgreSQL database, as two replicas see it: a writer that read the
 * deployment before the other replica wrote must not put back what it read.
 */
class ReplicaWritesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private Store replicaA;
    private Store replicaB;

    @BeforeEach
    void open() {
        String url = EmbeddedPostgresServer.freshDatabase();
        replicaA = PostgresStore.open(url, "postgres", null, 2);
        replicaB = PostgresStore.open(url, "postgres", null, 2);
    }

    @AfterEach
    void close() {
        replicaA.close();
        replicaB.close();
    }

    @Test
    void a_message_reference_written_on_one_replica_keeps_the_run_another_replica_stored_meanwhile() {
        Deployment queued = insertQueued();
        Deployment readByA = find(replicaA, queued.id());

        replicaB.inTransaction(tx -> tx.deployments().recordRun(queued.id(), "pipeline-7", "https://ci/7"));
        replicaA.inTransaction(tx -> tx.deployments().recordMessage(readByA.id(), "1717171800.000200"));

        Deployment stored = find(replicaB, queued.id());
        assertThat(stored.externalId()).isEqualTo("pipeline-7");
        assertThat(stored.messageRef()).isEqualTo("1717171800.000200");
    }

    @Test
    void a_move_written_on_one_replica_keeps_the_run_and_the_message_another_replica_stored_meanwhile() {
        Deployment queued = insertQueued();
        Deployment readByA = find(replicaA, queued.id());

        replicaB.inTransaction(tx -> tx.deployments().recordRun(queued.id(), "pipeline-7", "https://ci/7"));
        replicaB.inTransaction(tx -> tx.deployments().recordMessage(queued.id(), "1717171800.000200"));
        boolean moved = replicaA.inTransaction((Transaction tx) -> tx.deployments()
                .moveState(readByA.moveTo(DeploymentState.RUNNING, T0.plusSeconds(1)), DeploymentState.QUEUED));

        Deployment stored = find(replicaB, queued.id());
        assertThat(moved).isTrue();
        assertThat(stored.state()).isEqualTo(DeploymentState.RUNNING);
        assertThat(stored.externalId()).isEqualTo("pipeline-7");
        assertThat(stored.messageRef()).isEqualTo("1717171800.000200");
    }

    private Deployment insertQueued() {
        return replicaA.inTransaction(tx -> tx.deployments().insert(Deployment.request("api", "production", "main",
                "alice", new ChatOrigin("slack", "C042", null), DeploymentState.QUEUED, T0)));
    }

    private static Deployment find(Store replica, long id) {
        return replica.read(tx -> tx.deployments().findById(id)).orElseThrow();
    }
}
