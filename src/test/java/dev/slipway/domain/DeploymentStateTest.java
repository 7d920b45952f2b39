package dev.slipway.domain;

import static dev.slipway.domain.DeploymentState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeploymentStateTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void follows_the_documented_graph() {
        assertThat(REQUESTED.canMoveTo(AWAITING_APPROVAL)).isTrue();
        assertThat(REQUESTED.canMoveTo(QUEUED)).isTrue();
        assertThat(AWAITING_APPROVAL.canMoveTo(QUEUED)).isTrue();
        assertThat(AWAITING_APPROVAL.canMoveTo(REJECTED)).isTrue();
        assertThat(QUEUED.canMoveTo(RUNNING)).isTrue();
        assertThat(RUNNING.canMoveTo(SUCCEEDED)).isTrue();
        assertThat(RUNNING.canMoveTo(FAILED)).isTrue();
        assertThat(RUNNING.canMoveTo(CANCELLED)).isTrue();
    }

    @Test
    void never_skips_running_on_the_way_to_success() {
        assertThat(QUEUED.canMoveTo(SUCCEEDED)).isFalse();
        assertThat(REQUESTED.canMoveTo(RUNNING)).isFalse();
    }

    @Test
    void terminal_states_go_nowhere() {
        for (DeploymentState end : new DeploymentState[] {SUCCEEDED, FAILED, CANCELLED, REJECTED}) {
            assertThat(end.isTerminal()).isTrue();
            for (DeploymentState next : values()) {
                assertThat(end.canMoveTo(next)).as(end + " -> " + next).isFalse();
            }
        }
    }

    @Test
    void active_states_are_the_ones_that_hold_an_environment() {
        assertThat(values()).filteredOn(DeploymentState::isActive)
                .containsExactly(REQUESTED, AWAITING_APPROVAL, QUEUED, RUNNING);
    }

    @Test
    void labels_round_trip() {
        for (DeploymentState state : values()) {
            assertThat(fromLabel(state.label())).isEqualTo(state);
        }
        assertThat(AWAITING_APPROVAL.label()).isEqualTo("awaiting_approval");
    }

    @Test
    void a_deployment_records_when_it_started_and_finished() {
        Deployment queued = Deployment.request("api", "staging", "main", "U1", ChatOrigin.console("U1"), QUEUED, T0);
        Deployment running = queued.moveTo(RUNNING, T0.plusSeconds(1));
        Deployment done = running.moveTo(SUCCEEDED, T0.plusSeconds(5));
        assertThat(running.startedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(running.finishedAt()).isNull();
        assertThat(done.startedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(done.finishedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(done.updatedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void a_forbidden_move_is_refused() {
        Deployment queued = Deployment.request("api", "staging", "main", "U1", ChatOrigin.console("U1"), QUEUED, T0);
        assertThatThrownBy(() -> queued.moveTo(SUCCEEDED, T0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("queued").hasMessageContaining("succeeded");
    }
}
