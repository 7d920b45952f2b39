package dev.slipway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.app.ApprovalService;
import dev.slipway.app.Catalog;
import dev.slipway.app.DeployRequest;
import dev.slipway.app.DeployService;
import dev.slipway.app.JobKinds;
import dev.slipway.app.Transitions;
import dev.slipway.app.job.LapseWaitJob;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Environment;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Policy;
import dev.slipway.domain.Project;
import dev.slipway.domain.Projects;
import dev.slipway.domain.RefusedException;
import dev.slipway.domain.WhenBusy;
import dev.slipway.domain.rule.Rules;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import dev.slipway.store.sqlite.SqliteStore;
import dev.slipway.testing.MovingClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Waits that run out, on a real SQLite file and a clock the test moves: an unanswered approval request is rejected,
 * an unconfirmed deployment lapses, and a late approval is refused with the state unchanged.
 */
class WaitsLapseTest {
    private static final Instant T0 = Instant.parse("2026-12-18T09:00:00Z");
    private static final Environment PRODUCTION = new Environment("production", new Policy(List.of(), List.of(), "main",
            new Policy.Approvals(1, List.of("qa"), Duration.ofHours(24)), WhenBusy.QUEUE, false, List.of(), true),
            "script", null);
    private static final Environment CONFIRMED = new Environment("confirmed", new Policy(List.of(), List.of(), "main",
            null, WhenBusy.QUEUE, true, List.of(), true), "script", null);
    private static final Project API = new Project("api", "API", List.of("alice"), List.of("bob"), "C1", null,
            Map.of("production", PRODUCTION, "confirmed", CONFIRMED));

    @TempDir
    Path dir;
    private Store store;
    private final MovingClock clock = new MovingClock(T0);
    private DeployService deployments;
    private ApprovalService approvals;
    private LapseWaitJob lapse;

    @BeforeEach
    void open() {
        store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("s.db"), 4);
        Catalog catalog = new Catalog(new Projects(List.of(API)));
        Transitions transitions = new Transitions(clock);
        deployments = new DeployService(store, catalog, Rules.standard(), transitions, clock);
        approvals = new ApprovalService(store, catalog, Rules.standard(), transitions, deployments.environmentQueues(), clock);
        lapse = new LapseWaitJob(store, transitions, catalog, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Deployment deploy(String environment) {
        return deployments.deploy(new DeployRequest("api", environment, null, "alice", ChatOrigin.console("alice"),
                null)).orElseThrow().deployment();
    }

    /** Runs the lapse jobs that are due now, as the worker would. */
    private void runDueLapses() {
        List<Job> due = store.read(tx -> tx.jobs().listPending()).stream()
                .filter(job -> job.kind().equals(JobKinds.LAPSE_WAIT) && !job.runAt().isAfter(clock.instant()))
                .toList();
        due.forEach(lapse::handle);
    }

    private Deployment stored(long id) {
        return store.read(tx -> tx.deployments().findById(id)).orElseThrow();
    }

    @Test
    void an_approval_request_nobody_answers_is_rejected_when_it_expires_and_a_late_approval_changes_nothing() {
        Deployment waiting = deploy("production");
        assertThat(waiting.state()).isEqualTo(DeploymentState.AWAITING_APPROVAL);

        clock.move(Duration.ofHours(23));
        runDueLapses();
        assertThat(stored(waiting.id()).state()).isEqualTo(DeploymentState.AWAITING_APPROVAL);

        clock.move(Duration.ofHours(1));
        assertThatThrownBy(() -> approvals.approve(waiting.id(), "bob")).isInstanceOf(RefusedException.class)
                .satisfies(e -> assertThat(((RefusedException) e).refusal().code()).isEqualTo(ErrorCode.APPROVAL_EXPIRED))
                .hasMessageContaining("no approval within 24h of the request");
        List<dev.slipway.domain.Verdict> verdicts = store.read(tx -> tx.deployments().listApprovals(waiting.id()));
        assertThat(verdicts).isEmpty();

        runDueLapses();
        Deployment expired = stored(waiting.id());
        assertThat(expired.state()).isEqualTo(DeploymentState.REJECTED);
        assertThat(expired.summary()).isEqualTo("no approval within 24h");
        runDueLapses();
        List<dev.slipway.domain.AuditEvent> audit = store.read(tx -> tx.audit().listByDeployment(waiting.id()));
        assertThat(audit).filteredOn(e -> e.action().equals("deployment.rejected")).hasSize(1);
    }

    @Test
    void an_approved_deployment_is_not_rejected_when_its_request_would_have_expired() {
        Deployment waiting = deploy("production");
        approvals.approve(waiting.id(), "bob");
        clock.move(Duration.ofHours(25));
        runDueLapses();
        assertThat(stored(waiting.id()).state()).isNotEqualTo(DeploymentState.REJECTED);
    }

    @Test
    void an_unconfirmed_deployment_lapses_after_ten_minutes() {
        Deployment waiting = deploy("confirmed");
        assertThat(waiting.state()).isEqualTo(DeploymentState.REQUESTED);
        clock.move(Duration.ofMinutes(9));
        runDueLapses();
        assertThat(stored(waiting.id()).state()).isEqualTo(DeploymentState.REQUESTED);
        clock.move(Duration.ofMinutes(1));
        runDueLapses();
        Deployment lapsed = stored(waiting.id());
        assertThat(lapsed.state()).isEqualTo(DeploymentState.CANCELLED);
        assertThat(lapsed.summary()).isEqualTo("not confirmed within 10m");
        assertThatThrownBy(() -> deployments.confirm(waiting.id(), "alice"))
                .hasMessageContaining("does not wait for a confirmation: it is cancelled");
    }
}
