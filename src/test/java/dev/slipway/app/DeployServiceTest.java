package dev.slipway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Environment;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Excerpt;
import dev.slipway.domain.Policy;
import dev.slipway.domain.Project;
import dev.slipway.domain.Projects;
import dev.slipway.domain.RefPattern;
import dev.slipway.domain.Refusal;
import dev.slipway.domain.RefusedException;
import dev.slipway.domain.WhenBusy;
import dev.slipway.domain.rule.Rules;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import dev.slipway.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** DeployService on a real SQLite file: what it writes, what it refuses, and that it writes nothing when it refuses. */
class DeployServiceTest {
    private static final Environment STAGING = new Environment("staging", Policy.open(), "script", null);
    private static final Environment PRODUCTION = new Environment("production",
            new Policy(List.of(new RefPattern("main")), List.of("owners"), "main"), "script", null);
    private static final Environment PREVIEW = new Environment("preview", Policy.open(), "script", "develop");
    private static final Environment SHARED = new Environment("shared", Policy.open().withWhenBusy(WhenBusy.REFUSE),
            "script", null);
    private static final Project API = new Project("api", "API", List.of("alice"), List.of("bob"), "C42", "production",
            Map.of("staging", STAGING, "production", PRODUCTION, "preview", PREVIEW, "shared", SHARED));

    @TempDir
    Path dir;
    private Store store;
    private DeployService service;
    private final Clock clock = Clock.systemUTC();

    @BeforeEach
    void open() {
        store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("s.db"), 8);
        service = new DeployService(store, new Catalog(new Projects(List.of(API))), Rules.standard(),
                new Transitions(clock), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static DeployRequest request(String environment, String ref, String user, String key) {
        return new DeployRequest("api", environment, ref, user, new ChatOrigin("slack", "C42", "1717171717.000100"), key);
    }

    private List<Job> pendingJobs() {
        return store.inTransaction(tx -> tx.jobs().listPending());
    }

    private List<Deployment> recent() {
        return store.inTransaction(tx -> tx.deployments().listRecent(null, null, 50));
    }

    private List<String> auditOf(long id) {
        return store.inTransaction(tx -> tx.audit().listByDeployment(id)).stream()
                .map(e -> e.action() + " by " + e.actor()).toList();
    }

    @Test
    void queues_the_deployment_with_its_audit_event_its_report_and_its_run_in_one_go() {
        Deployment queued = service.deploy(request("staging", "feature/x", "carol", null)).orElseThrow().deployment();
        assertThat(queued.state()).isEqualTo(DeploymentState.QUEUED);
        assertThat(queued.ref()).isEqualTo("feature/x");
        assertThat(auditOf(queued.id())).containsExactly("deployment.queued by carol");
        assertThat(pendingJobs()).extracting(Job::kind).containsExactlyInAnyOrder("notify-deployment:slack", "run-deployment");
    }

    @Test
    void the_same_request_key_queues_one_deployment_however_often_it_arrives() {
        Optional<Requested> first = service.deploy(request("staging", "main", "carol", "slack:event:Ev01"));
        Optional<Requested> retry = service.deploy(request("staging", "main", "carol", "slack:event:Ev01"));
        assertThat(first).isPresent();
        assertThat(retry).isEmpty();
        assertThat(recent()).hasSize(1);
    }

    @Test
    void a_refused_request_writes_nothing_and_does_not_use_up_its_key() {
        assertThatThrownBy(() -> service.deploy(request("production", "feature/x", "alice", "k1")))
                .isInstanceOf(RefusedException.class)
                .satisfies(e -> assertThat(((RefusedException) e).refusal().code()).isEqualTo(ErrorCode.REF_NOT_ALLOWED));
        assertThat(recent()).isEmpty();
        List<dev.slipway.domain.AuditEvent> audit = store.inTransaction(tx -> tx.audit().listRecent(null, 10));
        assertThat(audit).isEmpty();
        assertThat(pendingJobs()).isEmpty();
        boolean keyStillFree = store.inTransaction(tx -> tx.idempotencyKeys().claim("k1", clock.instant()));
        assertThat(keyStillFree).isTrue();
    }

    @Test
    void concurrent_requests_for_a_refusing_environment_accept_exactly_one_deployment() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ErrorCode>> outcomes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String user = "user" + i;
                Callable<ErrorCode> attempt = () -> {
                    try {
                        service.deploy(request("shared", "main", user, null));
                        return null;
                    } catch (RefusedException refused) {
                        return refused.refusal().code();
                    }
                };
                outcomes.add(pool.submit(attempt));
            }
            List<ErrorCode> codes = new ArrayList<>();
            for (Future<ErrorCode> outcome : outcomes) {
                codes.add(outcome.get());
            }
            assertThat(codes).filteredOn(code -> code == null).hasSize(1);
            assertThat(codes).filteredOn(code -> code != null).hasSize(15).containsOnly(ErrorCode.ENVIRONMENT_BUSY);
            assertThat(recent()).filteredOn(d -> d.state().isActive()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrent_requests_for_a_queueing_environment_start_one_and_queue_the_rest_merging_the_same_ref()
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Requested>> outcomes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String user = "user" + i;
                outcomes.add(pool.submit(() -> service.deploy(request("staging", "main", user, null)).orElseThrow()));
            }
            List<Requested> requested = new ArrayList<>();
            for (Future<Requested> outcome : outcomes) {
                requested.add(outcome.get());
            }
            Optional<Deployment> holder = store.read(tx -> tx.deployments().findActive("api", "staging"));
            List<Deployment> waiting = store.read(tx -> tx.deployments().listWaiting("api", "staging"));
            assertThat(holder).isPresent();
            // The first starts; the next waits; every later request of the same ref joins the one waiting.
            assertThat(waiting).hasSize(1);
            assertThat(requested).filteredOn(Requested::merged).hasSize(14)
                    .allSatisfy(r -> assertThat(r.deployment().id()).isEqualTo(waiting.get(0).id()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_request_without_a_ref_uses_the_policy_default_then_the_backend_default() {
        assertThat(service.deploy(request("production", null, "alice", null)).orElseThrow().deployment().ref()).isEqualTo("main");
        assertThat(service.deploy(request("preview", null, "alice", null)).orElseThrow().deployment().ref()).isEqualTo("develop");
        assertThatThrownBy(() -> service.deploy(request("staging", null, "alice", null)))
                .isInstanceOf(RefusedException.class).hasMessageContaining("NO_REF")
                .hasMessageContaining("deploy api <ref> to staging");
    }

    @Test
    void a_release_without_environment_goes_to_the_default_environment() {
        Deployment release = service.deploy(request(null, null, "alice", null)).orElseThrow().deployment();
        assertThat(release.environment()).isEqualTo("production");
        assertThat(release.ref()).isEqualTo("main");
    }

    @Test
    void cancelling_a_queued_deployment_ends_it_at_once_and_only_for_its_requester_or_an_owner() {
        Deployment queued = service.deploy(request("staging", "main", "carol", null)).orElseThrow().deployment();
        assertThatThrownBy(() -> service.cancel(queued.id(), "mallory")).isInstanceOf(RefusedException.class)
                .hasMessageContaining("NOT_PERMITTED");
        Deployment cancelled = service.cancel(queued.id(), "alice");
        assertThat(cancelled.state()).isEqualTo(DeploymentState.CANCELLED);
        assertThat(auditOf(queued.id())).containsExactly("deployment.queued by carol",
                "deployment.cancelled by alice");
        assertThatThrownBy(() -> service.cancel(queued.id(), "alice")).hasMessageContaining("ALREADY_FINISHED");
        assertThatThrownBy(() -> service.cancel(999, "alice")).hasMessageContaining("UNKNOWN_DEPLOYMENT");
    }

    @Test
    void resolving_ends_a_running_deployment_as_the_person_says_and_only_for_who_may_cancel_it() {
        Deployment queued = service.deploy(request("staging", "main", "carol", null)).orElseThrow().deployment();
        assertThatThrownBy(() -> service.resolve(queued.id(), DeploymentState.SUCCEEDED, "carol"))
                .hasMessageContaining("NOT_RUNNING").hasMessageContaining("#" + queued.id() + " is queued, not running");
        Deployment running = store.inTransaction(tx -> new Transitions(clock).move(tx,
                tx.deployments().findById(queued.id()).orElseThrow(), DeploymentState.RUNNING, "slipway", "")).orElseThrow();

        assertThatThrownBy(() -> service.resolve(running.id(), DeploymentState.FAILED, "mallory"))
                .hasMessageContaining("NOT_PERMITTED").hasMessageContaining("may resolve #" + running.id());
        assertThatThrownBy(() -> service.resolve(999, DeploymentState.FAILED, "alice"))
                .hasMessageContaining("UNKNOWN_DEPLOYMENT");
        Deployment resolved = service.resolve(running.id(), DeploymentState.SUCCEEDED, "alice");

        assertThat(resolved.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(resolved.summary()).isEqualTo("resolved as succeeded by alice");
        assertThat(auditOf(running.id())).containsExactly("deployment.queued by carol",
                "deployment.running by slipway",
                "deployment.succeeded by alice");
        assertThatThrownBy(() -> service.resolve(running.id(), DeploymentState.FAILED, "alice"))
                .hasMessageContaining("ALREADY_FINISHED");
        assertThat(service.deploy(request("staging", "main", "carol", null))).isPresent();
    }

    static Stream<Arguments> malformedRefs() {
        return Stream.of(
                Arguments.of("feature/a b", "it contains a space"),
                Arguments.of("main..evil", "it contains `..`"),
                Arguments.of("main\u0000", "it contains a control character (U+0000)"),
                Arguments.of("main~1", "it contains `~`"),
                Arguments.of("--upload-pack=evil", "it starts with `-`"),
                Arguments.of("r".repeat(256), "it is longer than 255 bytes"));
    }

    @ParameterizedTest
    @MethodSource("malformedRefs")
    void a_malformed_ref_is_refused_with_the_rule_it_breaks_and_nothing_is_stored(String ref, String rule) {
        assertThatThrownBy(() -> service.deploy(request("staging", ref, "carol", "k1")))
                .isInstanceOf(RefusedException.class)
                .satisfies(e -> {
                    Refusal refusal = ((RefusedException) e).refusal();
                    assertThat(refusal.code()).isEqualTo(ErrorCode.BAD_REF);
                    assertThat(refusal.message()).contains("is not a valid ref: " + rule)
                            .startsWith("`" + Excerpt.of(ref) + "`").hasSizeLessThan(120);
                });
        assertThat(recent()).isEmpty();
        assertThat(pendingJobs()).isEmpty();
        List<dev.slipway.domain.AuditEvent> audit = store.inTransaction(tx -> tx.audit().listRecent(null, 10));
        assertThat(audit).isEmpty();
        boolean keyStillFree = store.inTransaction(tx -> tx.idempotencyKeys().claim("k1", clock.instant()));
        assertThat(keyStillFree).isTrue();
    }

    @Test
    void a_malformed_ref_is_refused_before_any_other_rule_speaks() {
        // production takes main only, from owners only: a malformed ref from a stranger hears about the ref
        assertThatThrownBy(() -> service.deploy(request("production", "main\nrm -rf /", "mallory", null)))
                .isInstanceOf(RefusedException.class).hasMessageContaining("BAD_REF")
                .hasMessageContaining("`main\\nrm -rf /` is not a valid ref:")
                .hasMessageContaining("it contains a control character (U+000A).");
        assertThat(recent()).isEmpty();
    }

    @Test
    void refs_of_any_shape_git_accepts_are_queued_as_given() {
        for (String ref : List.of("feature/login", "release/1.2", "v1.2.3", "日本/ブランチ")) {
            Deployment queued = service.deploy(request("staging", ref, "carol", null)).orElseThrow().deployment();
            assertThat(queued.ref()).isEqualTo(ref);
            service.cancel(queued.id(), "carol");
        }
    }
}
