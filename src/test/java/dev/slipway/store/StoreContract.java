package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.domain.ApiTokenInfo;
import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.AuditQuery;
import dev.slipway.domain.ChannelBinding;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.HandedOnRun;
import dev.slipway.domain.QueueAhead;
import dev.slipway.domain.StartAttempt;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.Freeze;
import dev.slipway.domain.PersonLink;
import dev.slipway.domain.PreviewSlot;
import dev.slipway.domain.Review;
import dev.slipway.domain.ReviewState;
import dev.slipway.domain.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The invariants every {@link Store} keeps, run against each implementation. Each test gets a fresh,
 * empty, migrated store. Times are explicit instants on whole milliseconds, the precision stored.
 */
public abstract class StoreContract {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final ChatOrigin SLACK = new ChatOrigin("slack", "C042", "1700000000.000100");
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final int THREADS = 8;

    protected Store store;

    /** A new store on an empty database of its own. */
    protected abstract Store openStore();

    @BeforeEach
    void open() {
        store = openStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    // --- readiness and transactions -------------------------------------------------------------

    @Test
    void is_ready_once_open() {
        assertThat(store.isReady()).isTrue();
    }

    @Test
    void is_not_ready_once_closed() {
        store.close();

        assertThat(store.isReady()).isFalse();
    }

    @Test
    void returns_what_the_work_returns() {
        assertThat(store.inTransaction((Transaction tx) -> "done")).isEqualTo("done");
    }

    @Test
    void rethrows_the_exception_of_the_work_unchanged() {
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> store.inTransaction(tx -> {
            throw boom;
        })).isSameAs(boom);
    }

    @Test
    void rolls_back_everything_a_failed_transaction_wrote() {
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            Deployment d = tx.deployments().insert(requested("api", "production"));
            tx.audit().record(AuditEvent.of(T0, "alice", "deploy.requested", d, ""));
            tx.jobs().enqueue("start-deployment", Long.toString(d.id()), "api/production", T0);
            tx.locks().insert(new EnvironmentLock("api", "staging", "alice", "testing", T0));
            tx.idempotencyKeys().claim("slack:Ev1", T0);
            throw new IllegalStateException("backend unreachable");
        })).isInstanceOf(IllegalStateException.class);

        store.inTransaction(tx -> {
            assertThat(tx.deployments().listRecent(null, null, 10)).isEmpty();
            assertThat(tx.audit().listRecent(null, 10)).isEmpty();
            assertThat(tx.jobs().listPending()).isEmpty();
            assertThat(tx.locks().list(null)).isEmpty();
            return null;
        });
    }

    @Test
    void a_conflict_rolls_back_the_whole_transaction() {
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.locks().insert(new EnvironmentLock("api", "staging", "alice", "", T0));
            tx.deployments().dispatch(tx.deployments().insert(queued("api", "production")).id(), T0);
            tx.deployments().dispatch(tx.deployments().insert(queued("api", "production")).id(), T0);
            return null;
        })).isInstanceOf(ConflictException.class);

        store.inTransaction(tx -> {
            assertThat(tx.locks().list(null)).isEmpty();
            assertThat(tx.deployments().listRecent(null, null, 10)).isEmpty();
            return null;
        });
    }

    @Test
    void a_conflict_the_work_swallows_still_rolls_back_and_surfaces() {
        lock("api", "production", "bob");

        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.jobs().enqueue("notify", "1", null, T0);
            try {
                tx.locks().insert(new EnvironmentLock("api", "production", "alice", "", T0));
            } catch (ConflictException expected) {
                // carrying on as if nothing happened must not commit the job
            }
            return null;
        })).isInstanceOf(ConflictException.class);

        assertThat(tx((Transaction tx) -> tx.jobs().listPending())).isEmpty();
    }

    @Test
    void concurrent_transactions_that_read_before_they_write_all_commit() throws Exception {
        AtomicInteger environments = new AtomicInteger();

        concurrently(THREADS, () -> tx(tx -> {
            tx.locks().list(null);
            tx.deployments().findActive("api", "production");
            String environment = "env-" + environments.incrementAndGet();
            tx.locks().insert(new EnvironmentLock("api", environment, "alice", "", T0));
            return tx.jobs().enqueue("notify", environment, null, T0);
        }));

        assertThat(tx((Transaction tx) -> tx.locks().list("api"))).hasSize(THREADS);
        assertThat(tx((Transaction tx) -> tx.jobs().listPending())).hasSize(THREADS);
    }

    // --- deployments ------------------------------------------------------------------------------

    @Test
    void inserts_a_deployment_and_finds_it_by_id() {
        Deployment full = new Deployment(0, "api", "production", "v1.2.3", DeploymentState.RUNNING, "alice", SLACK,
                T0, T0.plusSeconds(5), T0.plusSeconds(4), null, "pipeline-77", "https://ci.example/77",
                "deploying", "line 1\nline 2", "slack:C042:1700000000.000200", null);

        Deployment stored = tx(tx -> tx.deployments().insert(full));

        assertThat(stored.id()).isPositive();
        assertThat(stored).isEqualTo(full.withId(stored.id()));
        assertThat(tx((Transaction tx) -> tx.deployments().findById(stored.id()))).contains(stored);
    }

    @Test
    void keeps_absent_fields_absent() {
        Deployment bare = Deployment.request("api", "staging", "main", "bob", ChatOrigin.console("bob"),
                DeploymentState.REQUESTED, T0);

        Deployment stored = tx(tx -> tx.deployments().insert(bare));

        assertThat(tx((Transaction tx) -> tx.deployments().findById(stored.id()))).contains(bare.withId(stored.id()));
    }

    @Test
    void a_start_attempt_is_committed_once_and_writes_nothing_else() {
        Deployment stored = insert(requested("api", "production"));
        StartAttempt first = new StartAttempt("key-1", T0.plusSeconds(1));

        boolean committed = tx(tx -> tx.deployments().recordStartAttempt(stored.id(), first));
        boolean again = tx(tx -> tx.deployments().recordStartAttempt(stored.id(),
                new StartAttempt("key-2", T0.plusSeconds(2))));

        assertThat(committed).isTrue();
        assertThat(again).isFalse();
        assertThat(tx((Transaction tx) -> tx.deployments().findStartAttempt(stored.id()))).contains(first);
        assertThat(tx((Transaction tx) -> tx.deployments().findById(stored.id()))).contains(stored);
    }

    @Test
    void a_runs_arguments_are_kept_in_order_until_forgotten_and_change_nothing_else() {
        Deployment stored = insert(requested("api", "runbook:restart-web"));
        java.util.Map<String, String> arguments = new java.util.LinkedHashMap<>();
        arguments.put("environment", "production");
        arguments.put("reason", "disk is \"full\"; $(rm -rf /)");
        arguments.put("apiKey", "s3cret");

        tx(tx -> {
            tx.deployments().recordArguments(stored.id(), arguments);
            return null;
        });
        java.util.Map<String, String> kept = tx((Transaction tx) -> tx.deployments().findArguments(stored.id()));
        tx(tx -> {
            tx.deployments().forgetArguments(stored.id());
            return null;
        });
        java.util.Map<String, String> forgotten = tx((Transaction tx) -> tx.deployments().findArguments(stored.id()));

        assertThat(kept).containsExactlyEntriesOf(arguments);
        assertThat(forgotten).isEmpty();
        assertThat(tx((Transaction tx) -> tx.deployments().findById(stored.id()))).contains(stored);
    }

    @Test
    void lists_recent_deployments_of_environments_named_with_a_prefix() {
        Deployment restart = insert(requested("api", "runbook:restart-web"));
        insert(requested("api", "production"));
        Deployment rotate = insert(requested("(runbooks)", "runbook:rotate_logs"));
        insert(requested("api", "runbookish"));

        assertThat(tx((Transaction tx) -> tx.deployments().listRecentInEnvironments("runbook:", 10)))
                .extracting(Deployment::id).containsExactlyInAnyOrder(restart.id(), rotate.id());
        assertThat(tx((Transaction tx) -> tx.deployments().listRecentInEnvironments("runbook:", 1))).hasSize(1);
    }

    @Test
    void a_start_attempt_is_cleared_only_by_its_own_key() {
        Deployment stored = insert(requested("api", "production"));
        tx(tx -> tx.deployments().recordStartAttempt(stored.id(), new StartAttempt("key-1", T0)));

        tx(tx -> {
            tx.deployments().clearStartAttempt(stored.id(), "someone-elses");
            return null;
        });
        boolean kept = tx((Transaction tx) -> tx.deployments().findStartAttempt(stored.id())).isPresent();
        tx(tx -> {
            tx.deployments().clearStartAttempt(stored.id(), "key-1");
            return null;
        });

        assertThat(kept).isTrue();
        assertThat(tx((Transaction tx) -> tx.deployments().findStartAttempt(stored.id()))).isEmpty();
        assertThat(tx((Transaction tx) -> tx.deployments().recordStartAttempt(stored.id(),
                new StartAttempt("key-2", T0)))).isTrue();
    }

    @Test
    void a_handed_on_run_is_committed_once_per_provider_then_found_by_its_id() {
        Deployment stored = insert(requested("api", "production"));
        StartAttempt first = new StartAttempt("key-1", T0.plusSeconds(1));

        boolean committed = tx(tx -> tx.handedOnRuns().recordAttempt(stored.id(), "circleci", first));
        boolean again = tx(tx -> tx.handedOnRuns().recordAttempt(stored.id(), "circleci",
                new StartAttempt("key-2", T0.plusSeconds(2))));
        boolean otherProvider = tx(tx -> tx.handedOnRuns().recordAttempt(stored.id(), "other", first));
        Optional<HandedOnRun> inDoubt = tx(tx -> tx.handedOnRuns().find(stored.id(), "circleci"));
        tx(tx -> {
            tx.handedOnRuns().recordRun(stored.id(), "circleci", "pipe-1", "https://ci/pipe-1");
            return null;
        });

        assertThat(committed).isTrue();
        assertThat(again).isFalse();
        assertThat(otherProvider).isTrue();
        assertThat(inDoubt).contains(new HandedOnRun(stored.id(), "circleci", first, null, null, null));
        assertThat(inDoubt.orElseThrow().started()).isFalse();
        assertThat(tx((Transaction tx) -> tx.handedOnRuns().find(stored.id(), "circleci")))
                .contains(new HandedOnRun(stored.id(), "circleci", first, "pipe-1", "https://ci/pipe-1", null));
        tx(tx -> {
            tx.handedOnRuns().recordTold(stored.id(), "circleci", T0.plusSeconds(5));
            tx.handedOnRuns().recordTold(stored.id(), "circleci", T0.plusSeconds(9));
            return null;
        });
        assertThat(tx((Transaction tx) -> tx.handedOnRuns().find(stored.id(), "circleci")).orElseThrow().toldAt())
                .isEqualTo(T0.plusSeconds(5));
        assertThat(tx((Transaction tx) -> tx.handedOnRuns().findDeployment("circleci", "pipe-1"))).contains(stored.id());
        assertThat(tx((Transaction tx) -> tx.handedOnRuns().findDeployment("other", "pipe-1"))).isEmpty();
    }

    @Test
    void a_handed_on_attempt_is_cleared_only_by_its_own_key_and_only_before_its_run_is_known() {
        Deployment stored = insert(requested("api", "production"));
        Deployment other = insert(requested("web", "production"));
        tx(tx -> tx.handedOnRuns().recordAttempt(stored.id(), "circleci", new StartAttempt("key-1", T0)));
        tx(tx -> tx.handedOnRuns().recordAttempt(other.id(), "circleci", new StartAttempt("key-9", T0)));
        tx(tx -> {
            tx.handedOnRuns().recordRun(other.id(), "circleci", "pipe-9", null);
            tx.handedOnRuns().clearAttempt(stored.id(), "circleci", "someone-elses");
            tx.handedOnRuns().clearAttempt(other.id(), "circleci", "key-9");
            return null;
        });
        boolean kept = tx((Transaction tx) -> tx.handedOnRuns().find(stored.id(), "circleci")).isPresent();
        tx(tx -> {
            tx.handedOnRuns().clearAttempt(stored.id(), "circleci", "key-1");
            return null;
        });

        assertThat(kept).isTrue();
        assertThat(tx((Transaction tx) -> tx.handedOnRuns().find(stored.id(), "circleci"))).isEmpty();
        assertThat(tx((Transaction tx) -> tx.handedOnRuns().find(other.id(), "circleci"))).isPresent();
        assertThatThrownBy(() -> tx(tx -> {
            tx.handedOnRuns().recordAttempt(stored.id(), "circleci", new StartAttempt("key-2", T0));
            tx.handedOnRuns().recordRun(stored.id(), "circleci", "pipe-9", null);
            return null;
        })).isInstanceOf(ConflictException.class);
    }

    @Test
    void finds_nothing_by_an_unknown_id() {
        assertThat(tx((Transaction tx) -> tx.deployments().findById(999))).isEmpty();
    }

    @Test
    void finds_the_deployment_that_holds_an_environment() {
        Deployment old = held("api", "production");
        finish(old, DeploymentState.CANCELLED);
        Deployment waiting = insert(queued("api", "production"));
        assertThat(tx((Transaction tx) -> tx.deployments().findActive("api", "production"))).isEmpty();
        Deployment active = held("api", "production");

        assertThat(tx((Transaction tx) -> tx.deployments().findActive("api", "production"))).contains(active);
        assertThat(tx((Transaction tx) -> tx.deployments().findActive("api", "staging"))).isEmpty();
        assertThat(tx((Transaction tx) -> tx.deployments().listWaiting("api", "production"))).containsExactly(waiting);
    }

    @Test
    void what_runs_now_is_what_succeeded_last_and_the_version_before_is_what_succeeded_before_it() {
        // Asked for first, ended last: with a queue (or a freeze override), ending order is what counts.
        Deployment askedFirst = insert(queued("api", "production"));
        Deployment askedSecond = insert(queued("api", "production"));
        Deployment endedFirst = askedSecond.moveTo(DeploymentState.RUNNING, T0.plusSeconds(1))
                .moveTo(DeploymentState.SUCCEEDED, T0.plusSeconds(2));
        Deployment endedLast = askedFirst.moveTo(DeploymentState.RUNNING, T0.plusSeconds(3))
                .moveTo(DeploymentState.SUCCEEDED, T0.plusSeconds(4));
        tx((Transaction tx) -> tx.deployments().moveState(endedFirst, DeploymentState.QUEUED));
        tx((Transaction tx) -> tx.deployments().moveState(endedLast, DeploymentState.QUEUED));

        assertThat(tx((Transaction tx) -> tx.deployments().findLastSucceeded("api", "production")))
                .map(Deployment::id).contains(askedFirst.id());
        assertThat(tx((Transaction tx) -> tx.deployments().findSucceededBefore("api", "production", askedFirst.id())))
                .map(Deployment::id).contains(askedSecond.id());
        assertThat(tx((Transaction tx) -> tx.deployments().findSucceededBefore("api", "production", askedSecond.id())))
                .isEmpty();
        assertThat(tx((Transaction tx) -> tx.deployments().hasSucceededWith("api", "production", "main"))).isTrue();
        assertThat(tx((Transaction tx) -> tx.deployments().hasSucceededWith("api", "production", "other"))).isFalse();
    }

    @Test
    void tells_the_queue_ahead_by_its_size_its_oldest_and_its_newest_leaving_out_those_that_wait_for_a_person() {
        assertThat(tx((Transaction tx) -> tx.deployments().queueAhead("api", "production"))).isEqualTo(QueueAhead.EMPTY);
        held("api", "production");
        Deployment first = insert(queued("api", "production"));
        insert(requested("api", "production"));
        Deployment second = insert(queued("api", "production"));
        Deployment last = insert(queued("api", "production"));
        insert(queued("api", "staging"));

        assertThat(tx((Transaction tx) -> tx.deployments().queueAhead("api", "production")))
                .isEqualTo(new QueueAhead(3, Optional.of(first), Optional.of(last)));
        assertThat(tx((Transaction tx) -> tx.deployments().queueAhead("api", "staging")).size()).isEqualTo(1);
        assertThat(tx((Transaction tx) -> tx.deployments().hasQueued("api", "production"))).isTrue();
        assertThat(tx((Transaction tx) -> tx.deployments().hasQueued("web", "production"))).isFalse();
        // One that left the queue to start is no longer ahead of anyone.
        held("api", "review");
        assertThat(tx((Transaction tx) -> tx.deployments().queueAhead("api", "review"))).isEqualTo(QueueAhead.EMPTY);
        assertThat(tx((Transaction tx) -> tx.deployments().hasQueued("api", "review"))).isFalse();
        assertThat(second.id()).isBetween(first.id(), last.id());
    }

    @Test
    void queues_any_number_of_deployments_but_lets_one_hold_the_environment() {
        held("api", "production");
        Deployment second = insert(queued("api", "production"));
        Deployment third = insert(requested("api", "production"));

        assertThatThrownBy(() -> tx(tx -> tx.deployments().dispatch(second.id(), T0)))
                .isInstanceOf(ConflictException.class);
        assertThat(tx((Transaction tx) -> tx.deployments().listWaiting("api", "production")))
                .containsExactly(second, third);
        // Only a queued deployment leaves the queue; one waiting for a person does not.
        assertThat(tx((Transaction tx) -> tx.deployments().dispatch(third.id(), T0))).isFalse();
    }

    @Test
    void accepts_a_new_active_deployment_once_the_previous_one_is_terminal() {
        Deployment first = insert(requested("api", "production"));
        finish(first, DeploymentState.REJECTED);

        Deployment second = insert(requested("api", "production"));

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(tx((Transaction tx) -> tx.deployments().listActive())).containsExactly(second);
    }

    @Test
    void allows_one_active_deployment_per_project_and_environment_not_per_project() {
        insert(requested("api", "production"));
        insert(requested("api", "staging"));
        insert(requested("web", "production"));

        assertThat(tx((Transaction tx) -> tx.deployments().listActive())).hasSize(3);
    }

    @Test
    void only_one_of_many_concurrent_dispatches_succeeds() throws Exception {
        List<Optional<Deployment>> outcomes = concurrently(THREADS, () -> {
            try {
                return Optional.of(held("api", "production"));
            } catch (ConflictException e) {
                return Optional.empty();
            }
        });

        assertThat(outcomes).filteredOn(Optional::isPresent).hasSize(1);
        assertThat(tx((Transaction tx) -> tx.deployments().listRecent(null, null, 100))).hasSize(1);
    }

    @Test
    void move_state_writes_the_state_its_times_summary_and_tail_when_the_state_is_as_expected() {
        Deployment queued = insert(requested("api", "production").moveTo(DeploymentState.QUEUED, T0));
        Deployment running = queued.moveTo(DeploymentState.RUNNING, T0.plusSeconds(1)).withResult("started", "tail");

        assertThat(tx((Transaction tx) -> tx.deployments().moveState(running, DeploymentState.QUEUED))).isTrue();
        assertThat(tx((Transaction tx) -> tx.deployments().findById(queued.id()))).contains(running);
    }

    @Test
    void move_state_leaves_the_run_and_the_message_alone() {
        Deployment queued = insert(requested("api", "production").moveTo(DeploymentState.QUEUED, T0));
        Deployment staleRunning = queued.withRun("stale-run", "https://ci.example/stale").withMessageRef("stale-ts")
                .moveTo(DeploymentState.RUNNING, T0.plusSeconds(1));

        tx((Transaction tx) -> tx.deployments().moveState(staleRunning, DeploymentState.QUEUED));

        Deployment stored = tx((Transaction tx) -> tx.deployments().findById(queued.id())).orElseThrow();
        assertThat(stored.state()).isEqualTo(DeploymentState.RUNNING);
        assertThat(stored.externalId()).isNull();
        assertThat(stored.externalUrl()).isNull();
        assertThat(stored.messageRef()).isNull();
    }

    @Test
    void move_state_changes_nothing_when_the_stored_state_moved_on() {
        Deployment queued = insert(requested("api", "production").moveTo(DeploymentState.QUEUED, T0));
        Deployment cancelled = queued.moveTo(DeploymentState.CANCELLED, T0.plusSeconds(1));
        tx(tx -> tx.deployments().moveState(cancelled, DeploymentState.QUEUED));

        Deployment lateStart = queued.moveTo(DeploymentState.RUNNING, T0.plusSeconds(2));

        assertThat(tx((Transaction tx) -> tx.deployments().moveState(lateStart, DeploymentState.QUEUED))).isFalse();
        assertThat(tx((Transaction tx) -> tx.deployments().findById(queued.id()))).contains(cancelled);
    }

    @Test
    void move_state_into_an_active_state_conflicts_with_another_active_deployment() {
        Deployment first = held("api", "production");
        Deployment cancelled = finish(first, DeploymentState.CANCELLED);
        held("api", "production");
        Deployment revived = withState(cancelled, DeploymentState.QUEUED);

        assertThatThrownBy(() -> tx(tx -> tx.deployments().moveState(revived, DeploymentState.CANCELLED)))
                .isInstanceOf(ConflictException.class);
        assertThat(tx((Transaction tx) -> tx.deployments().findById(first.id()))).contains(cancelled);
    }

    @Test
    void record_run_and_record_message_write_only_their_own_columns_in_any_state() {
        Deployment queued = insert(requested("api", "production").moveTo(DeploymentState.QUEUED, T0));
        Deployment cancelled = queued.moveTo(DeploymentState.CANCELLED, T0.plusSeconds(1)).withResult("stopped", "");
        tx(tx -> tx.deployments().moveState(cancelled, DeploymentState.QUEUED));

        assertThat(tx((Transaction tx) -> tx.deployments().recordRun(queued.id(), "run-9", "https://ci.example/9")))
                .isTrue();
        assertThat(tx((Transaction tx) -> tx.deployments().recordMessage(queued.id(), "1700000000.000200"))).isTrue();

        assertThat(tx((Transaction tx) -> tx.deployments().findById(queued.id())))
                .contains(cancelled.withRun("run-9", "https://ci.example/9").withMessageRef("1700000000.000200"));
    }

    @Test
    void record_run_and_record_message_report_an_unknown_deployment() {
        assertThat(tx((Transaction tx) -> tx.deployments().recordRun(999, "run-9", "https://ci.example/9"))).isFalse();
        assertThat(tx((Transaction tx) -> tx.deployments().recordMessage(999, "1700000000.000200"))).isFalse();
    }

    /**
     * The three writers of a deployment each read it first and write later, in every order: whichever writes last,
     * the others' columns survive, as they must when the writers run on different replicas.
     */
    @Test
    void each_writer_keeps_the_others_columns_whatever_the_interleaving() {
        List<List<String>> orders = List.of(
                List.of("move", "run", "message"), List.of("move", "message", "run"),
                List.of("run", "move", "message"), List.of("run", "message", "move"),
                List.of("message", "move", "run"), List.of("message", "run", "move"));
        int environment = 0;
        for (List<String> order : orders) {
            Deployment queued = insert(requested("api", "env-" + environment++).moveTo(DeploymentState.QUEUED, T0));
            Deployment readByEveryWriter = tx(tx -> tx.deployments().findById(queued.id())).orElseThrow();
            Deployment running = readByEveryWriter.moveTo(DeploymentState.RUNNING, T0.plusSeconds(1))
                    .withResult("started", "line 1");
            for (String writer : order) {
                switch (writer) {
                    case "move" -> tx(tx -> tx.deployments().moveState(running, readByEveryWriter.state()));
                    case "run" -> tx(tx -> tx.deployments().recordRun(readByEveryWriter.id(), "run-7", "https://ci/7"));
                    default -> tx(tx -> tx.deployments().recordMessage(readByEveryWriter.id(), "1700000000.000300"));
                }
            }

            assertThat(tx((Transaction tx) -> tx.deployments().findById(queued.id())))
                    .as("writers in the order %s", order)
                    .contains(running.withRun("run-7", "https://ci/7").withMessageRef("1700000000.000300"));
        }
    }

    @Test
    void lists_active_deployments_oldest_first() {
        Deployment b = insert(requestedAt("web", "production", T0.plusSeconds(1)));
        Deployment a = insert(requestedAt("api", "production", T0));
        finish(insert(requestedAt("api", "staging", T0.plusSeconds(2))), DeploymentState.CANCELLED);

        assertThat(tx((Transaction tx) -> tx.deployments().listActive())).containsExactly(a, b);
    }

    @Test
    void lists_recent_deployments_newest_first_filtered_and_limited() {
        Deployment d1 = finish(insert(requestedAt("api", "production", T0)), DeploymentState.CANCELLED);
        Deployment d2 = insert(requestedAt("api", "staging", T0.plusSeconds(1)));
        Deployment d3 = insert(requestedAt("web", "production", T0.plusSeconds(2)));
        Deployment d4 = insert(requestedAt("api", "production", T0.plusSeconds(3)));

        assertThat(tx((Transaction tx) -> tx.deployments().listRecent(null, null, 10))).containsExactly(d4, d3, d2, d1);
        assertThat(tx((Transaction tx) -> tx.deployments().listRecent("api", null, 10))).containsExactly(d4, d2, d1);
        assertThat(tx((Transaction tx) -> tx.deployments().listRecent(null, "production", 10))).containsExactly(d4, d3, d1);
        assertThat(tx((Transaction tx) -> tx.deployments().listRecent("api", "production", 10))).containsExactly(d4, d1);
        assertThat(tx((Transaction tx) -> tx.deployments().listRecent(null, null, 2))).containsExactly(d4, d3);
    }

    @Test
    void finds_the_last_succeeded_deployment() {
        Deployment older = succeed(insert(requestedAt("api", "production", T0)));
        Deployment newer = succeed(insert(requestedAt("api", "production", T0.plusSeconds(60))));
        finish(insert(requestedAt("api", "production", T0.plusSeconds(120))), DeploymentState.CANCELLED);
        succeed(insert(requestedAt("api", "staging", T0.plusSeconds(180))));

        assertThat(older.id()).isLessThan(newer.id());
        assertThat(tx((Transaction tx) -> tx.deployments().findLastSucceeded("api", "production"))).contains(newer);
        assertThat(tx((Transaction tx) -> tx.deployments().findLastSucceeded("web", "production"))).isEmpty();
    }

    @Test
    void saves_replaces_and_finds_the_output() {
        long id = insert(requested("api", "production")).id();

        tx(tx -> {
            tx.deployments().saveOutput(id, "first run\n");
            return null;
        });
        assertThat(tx((Transaction tx) -> tx.deployments().findOutput(id))).contains("first run\n");

        tx(tx -> {
            tx.deployments().saveOutput(id, "second run\n");
            return null;
        });
        assertThat(tx((Transaction tx) -> tx.deployments().findOutput(id))).contains("second run\n");
    }

    @Test
    void has_no_output_until_one_is_saved() {
        long id = insert(requested("api", "production")).id();

        assertThat(tx((Transaction tx) -> tx.deployments().findOutput(id))).isEmpty();
    }

    // --- locks ------------------------------------------------------------------------------------

    @Test
    void inserts_finds_and_deletes_a_lock() {
        EnvironmentLock lock = lock("api", "production", "alice");

        assertThat(tx((Transaction tx) -> tx.locks().find("api", "production"))).contains(lock);
        assertThat(tx((Transaction tx) -> tx.locks().delete("api", "production"))).isTrue();
        assertThat(tx((Transaction tx) -> tx.locks().find("api", "production"))).isEmpty();
    }

    @Test
    void refuses_a_second_lock_on_the_same_environment() {
        lock("api", "production", "alice");

        assertThatThrownBy(() -> lock("api", "production", "bob")).isInstanceOf(ConflictException.class);
        assertThat(tx((Transaction tx) -> tx.locks().find("api", "production"))).get()
                .extracting(EnvironmentLock::holder).isEqualTo("alice");
    }

    @Test
    void delete_reports_whether_there_was_a_lock() {
        assertThat(tx((Transaction tx) -> tx.locks().delete("api", "production"))).isFalse();
    }

    @Test
    void a_transaction_taking_an_environments_turn_waits_for_the_one_holding_it_and_sees_what_it_wrote()
            throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<AuditEvent> first = threads.submit(() -> store.inTransaction(tx -> {
                tx.locks().takeTurn("api", "production");
                AuditEvent event = tx.audit().record(audit("alice", "lock"));
                holding.countDown();
                awaitQuietly(release);
                return event;
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            Future<List<AuditEvent>> second = threads.submit(() -> store.inTransaction(tx -> {
                tx.locks().takeTurn("api", "production");
                tx.audit().record(audit("bob", "deployment.queued"));
                return tx.audit().listRecent("api", 10);
            }));
            Awaitility.await("the second waits while the first holds the turn")
                    .during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> !second.isDone());
            release.countDown();

            long firstId = first.get(10, TimeUnit.SECONDS).id();
            assertThat(second.get(10, TimeUnit.SECONDS)).extracting(AuditEvent::action)
                    .containsExactly("deployment.queued", "lock");
            assertThat(second.get().get(0).id()).isGreaterThan(firstId);
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    private static AuditEvent audit(String actor, String action) {
        return new AuditEvent(0, Instant.now(), actor, action, "api", "production", null, "");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void lists_all_locks_or_one_projects() {
        EnvironmentLock webProd = lock("web", "production", "carol");
        EnvironmentLock apiStaging = lock("api", "staging", "bob");
        EnvironmentLock apiProd = lock("api", "production", "alice");

        assertThat(tx((Transaction tx) -> tx.locks().list(null))).containsExactly(apiProd, apiStaging, webProd);
        assertThat(tx((Transaction tx) -> tx.locks().list("api"))).containsExactly(apiProd, apiStaging);
        assertThat(tx((Transaction tx) -> tx.locks().list("nothing"))).isEmpty();
    }

    // --- freezes ----------------------------------------------------------------------------------

    @Test
    void keeps_one_freeze_per_environment_and_a_new_one_replaces_it() {
        freeze(new Freeze("api", "production", "release", T0, T0.plusSeconds(3600), "alice", null));
        Freeze again = freeze(new Freeze("api", "production", "", T0.plusSeconds(60), T0.plusSeconds(7200), "bob",
                null));

        assertThat(tx((Transaction tx) -> tx.freezes().list("api"))).containsExactly(again);
    }

    @Test
    void lists_a_projects_freezes_of_every_environment_including_all_and_those_past_their_end() {
        Freeze all = freeze(new Freeze("api", Freeze.ALL, "audit", T0, T0.plusSeconds(60), "alice", null));
        Freeze expired = freeze(new Freeze("api", "staging", "", T0.minusSeconds(7200), T0.minusSeconds(3600),
                "bob", null));
        Freeze web = freeze(new Freeze("web", "production", "", T0, T0.plusSeconds(60), "carol", null));

        assertThat(tx((Transaction tx) -> tx.freezes().list("api"))).containsExactly(all, expired);
        assertThat(tx((Transaction tx) -> tx.freezes().list("nothing"))).isEmpty();
        assertThat(tx((Transaction tx) -> tx.freezes().listAll())).containsExactly(all, expired, web);
    }

    @Test
    void gives_a_freeze_back_as_put_with_its_zone_as_utc() {
        Freeze put = freeze(new Freeze("api", "production", "black friday", T0, T0.plusSeconds(86_400), "U042",
                java.time.ZoneId.of("Asia/Tokyo")));

        assertThat(tx((Transaction tx) -> tx.freezes().listAll())).singleElement().satisfies(read -> {
            assertThat(read).usingRecursiveComparison().ignoringFields("zone").isEqualTo(put);
            assertThat(read.zone()).isEqualTo(java.time.ZoneOffset.UTC);
        });
    }

    @Test
    void deletes_one_freeze_and_reports_whether_there_was_one() {
        freeze(new Freeze("api", "production", "", T0, T0.plusSeconds(60), "alice", null));
        Freeze all = freeze(new Freeze("api", Freeze.ALL, "", T0, T0.plusSeconds(60), "alice", null));

        assertThat(tx((Transaction tx) -> tx.freezes().delete("api", "production"))).isTrue();
        assertThat(tx((Transaction tx) -> tx.freezes().delete("api", "production"))).isFalse();
        assertThat(tx((Transaction tx) -> tx.freezes().list("api"))).containsExactly(all);
    }

    @Test
    void a_failed_transaction_leaves_no_freeze() {
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.freezes().put(new Freeze("api", "production", "", T0, T0.plusSeconds(60), "alice", null));
            throw new IllegalStateException("audit failed");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(tx((Transaction tx) -> tx.freezes().listAll())).isEmpty();
    }

    private Freeze freeze(Freeze freeze) {
        run(tx -> tx.freezes().put(freeze));
        return freeze;
    }

    // --- audit ------------------------------------------------------------------------------------

    @Test
    void records_events_with_ids_in_the_order_they_happen() {
        AuditEvent first = audit(new AuditEvent(0, T0, "alice", "lock", "api", "production", null, "freeze"));
        AuditEvent second = audit(new AuditEvent(0, T0.plusSeconds(1), "system", "startup", null, null, null, null));

        assertThat(first.id()).isPositive();
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(second.detail()).isEmpty();
    }

    @Test
    void lists_recent_events_newest_first_filtered_and_limited() {
        AuditEvent e1 = audit(new AuditEvent(0, T0, "alice", "lock", "api", "production", null, "freeze"));
        AuditEvent e2 = audit(new AuditEvent(0, T0.plusSeconds(1), "bob", "lock", "web", "staging", null, ""));
        AuditEvent e3 = audit(new AuditEvent(0, T0.plusSeconds(2), "alice", "unlock", "api", "production", null, ""));

        assertThat(tx((Transaction tx) -> tx.audit().listRecent(null, 10))).containsExactly(e3, e2, e1);
        assertThat(tx((Transaction tx) -> tx.audit().listRecent("api", 10))).containsExactly(e3, e1);
        assertThat(tx((Transaction tx) -> tx.audit().listRecent(null, 1))).containsExactly(e3);
    }

    @Test
    void lists_events_newest_first_by_project_environment_and_time_with_their_count() {
        AuditEvent e1 = audit(new AuditEvent(0, T0, "alice", "lock", "api", "production", null, "freeze"));
        AuditEvent e2 = audit(new AuditEvent(0, T0.plusSeconds(60), "bob", "deploy.refused", "api", "staging", null, "no"));
        AuditEvent e3 = audit(new AuditEvent(0, T0.plusSeconds(120), "carol", "lock", "web", "production", null, ""));
        AuditEvent e4 = audit(new AuditEvent(0, T0.plusSeconds(180), "slack", "slack.uninstalled", null, null, null, ""));
        AuditEvent e5 = audit(new AuditEvent(0, T0.plusSeconds(240), "alice", "unlock.override", "api", "production",
                null, "held by bob"));

        assertThat(tx((Transaction tx) -> tx.audit().list(null, null, null, 10))).containsExactly(e5, e4, e3, e2, e1);
        assertThat(tx((Transaction tx) -> tx.audit().list("api", null, null, 10))).containsExactly(e5, e2, e1);
        assertThat(tx((Transaction tx) -> tx.audit().list("api", "production", null, 10))).containsExactly(e5, e1);
        assertThat(tx((Transaction tx) -> tx.audit().list(null, "production", null, 10))).containsExactly(e5, e3, e1);
        assertThat(tx((Transaction tx) -> tx.audit().list(null, null, T0.plusSeconds(120), 10))).containsExactly(e5, e4, e3);
        assertThat(tx((Transaction tx) -> tx.audit().list("api", null, T0.plusSeconds(61), 10))).containsExactly(e5);
        assertThat(tx((Transaction tx) -> tx.audit().list(null, null, null, 2))).containsExactly(e5, e4);
        assertThat(tx((Transaction tx) -> tx.audit().list("nothing", null, null, 10))).isEmpty();

        assertThat(tx((Transaction tx) -> tx.audit().count(null, null, null))).isEqualTo(5);
        assertThat(tx((Transaction tx) -> tx.audit().count("api", null, null))).isEqualTo(3);
        assertThat(tx((Transaction tx) -> tx.audit().count("api", "production", T0.plusSeconds(1)))).isEqualTo(1);
        assertThat(tx((Transaction tx) -> tx.audit().count(null, null, T0.plusSeconds(300)))).isZero();
    }

    @Test
    void lists_events_by_the_order_they_were_appended_not_by_their_stamped_time() {
        AuditEvent late = audit(new AuditEvent(0, T0.plusSeconds(10), "alice", "lock", "api", "production", null, ""));
        AuditEvent early = audit(new AuditEvent(0, T0, "bob", "unlock", "api", "production", null, ""));

        assertThat(tx((Transaction tx) -> tx.audit().list("api", "production", T0, 10))).containsExactly(early, late);
    }

    @Test
    void treats_filter_values_as_values_never_as_sql() {
        AuditEvent odd = audit(new AuditEvent(0, T0, "alice", "lock", "x' OR '1'='1", "production", null, ""));
        audit(new AuditEvent(0, T0, "bob", "lock", "api", "production", null, ""));

        assertThat(tx((Transaction tx) -> tx.audit().list("x' OR '1'='1", null, null, 10))).containsExactly(odd);
        assertThat(tx((Transaction tx) -> tx.audit().count("api' --", null, null))).isZero();
    }

    @Test
    void lists_a_deployments_events_oldest_first() {
        Deployment d = insert(requested("api", "production"));
        Deployment other = insert(requested("web", "production"));
        AuditEvent requested = audit(AuditEvent.of(T0, "alice", "deploy.requested", d, "main"));
        audit(AuditEvent.of(T0, "bob", "deploy.requested", other, "main"));
        AuditEvent approved = audit(AuditEvent.of(T0.plusSeconds(5), "bob", "deploy.approved", d, ""));

        assertThat(tx((Transaction tx) -> tx.audit().listByDeployment(d.id()))).containsExactly(requested, approved);
    }

    // --- idempotency keys -------------------------------------------------------------------------

    @Test
    void claims_a_key_only_once() {
        assertThat(tx((Transaction tx) -> tx.idempotencyKeys().claim("slack:Ev1", T0))).isTrue();
        assertThat(tx((Transaction tx) -> tx.idempotencyKeys().claim("slack:Ev1", T0.plusSeconds(3)))).isFalse();
        assertThat(tx((Transaction tx) -> tx.idempotencyKeys().claim("slack:Ev2", T0))).isTrue();
    }

    @Test
    void a_key_claimed_in_a_rolled_back_transaction_is_not_recorded() {
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            assertThat(tx.idempotencyKeys().claim("github:delivery-1", T0)).isTrue();
            throw new IllegalStateException("crashed before finishing");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(tx((Transaction tx) -> tx.idempotencyKeys().claim("github:delivery-1", T0))).isTrue();
    }

    @Test
    void only_one_of_many_concurrent_claims_of_a_key_wins() throws Exception {
        List<Boolean> claims = concurrently(THREADS, () -> tx(tx -> tx.idempotencyKeys().claim("slack:Ev9", T0)));

        assertThat(claims).containsOnlyOnce(true);
    }

    // --- jobs -------------------------------------------------------------------------------------

    @Test
    void counts_waiting_running_and_failed_jobs_of_the_kinds_asked_and_when_the_oldest_waiting_became_due() {
        enqueue("a", "1", null, T0.plusSeconds(10));
        enqueue("b", "2", null, T0.plusSeconds(20));
        enqueue("c", "3", null, T0.plusSeconds(90)); // not due yet
        enqueue("d", "4", null, T0); // of a kind not asked for
        Optional<Job> failing = tx((Transaction tx) -> tx.jobs().claimNext("w1", T0.plusSeconds(30), LEASE, List.of("b")));
        Boolean failed = tx((Transaction tx) -> tx.jobs().fail(failing.orElseThrow(), "gone"));
        enqueue("a", "5", null, T0.plusSeconds(15));
        Optional<Job> claimed = tx((Transaction tx) -> tx.jobs().claimNext("w1", T0.plusSeconds(30), LEASE, List.of("a")));
        assertThat(failed).isTrue();
        assertThat(claimed).isPresent();

        JobStats asked = store.read(tx -> tx.jobs().stats(T0.plusSeconds(45), List.of("a", "b", "c")));
        JobStats other = store.read(tx -> tx.jobs().stats(T0.plusSeconds(60), List.of("d")));
        JobStats none = store.read(tx -> tx.jobs().stats(T0.plusSeconds(60), List.of()));

        // "a" 1 was claimed (the oldest due) and its lease runs to +60s, "a" 5 waits since +15s, "b" failed, "c" is
        // not due
        assertThat(asked).isEqualTo(new JobStats(1, 1, 1, Optional.of(T0.plusSeconds(15))));
        assertThat(other).isEqualTo(new JobStats(1, 0, 0, Optional.of(T0)));
        assertThat(none).isEqualTo(new JobStats(0, 0, 0, Optional.empty()));
    }

    @Test
    void runs_what_a_transaction_leaves_for_after_its_commit_only_once_it_has_committed() {
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.inTransaction(tx -> {
            tx.afterCommit(() -> ran.add("committed"));
            assertThat(ran).isEmpty();
            return null;
        });
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.afterCommit(() -> ran.add("rolled back"));
            throw new IllegalStateException("crashed before finishing");
        })).isInstanceOf(IllegalStateException.class);
        List<Store.Outcome<Object>> outcomes = store.inOneCommit(List.<Store.TransactionWork<Object>>of(tx -> {
            tx.afterCommit(() -> ran.add("in one commit"));
            return null;
        }, tx -> {
            tx.afterCommit(() -> ran.add("undone in one commit"));
            throw new IllegalStateException("this one fails alone");
        }));

        assertThat(outcomes.get(1).failure()).isInstanceOf(IllegalStateException.class);
        assertThat(ran).containsExactly("committed", "in one commit");
    }

    @Test
    void enqueues_a_pending_job_with_no_attempts() {
        long id = enqueue("notify", "42", null, T0);

        assertThat(tx((Transaction tx) -> tx.jobs().findById(id)))
                .contains(new Job(id, "notify", "42", null, T0, 0, Job.PENDING, null));
    }

    @Test
    void enqueues_a_look_unless_one_of_the_same_kind_and_payload_due_no_later_waits_unclaimed() {
        assertThat(tx((Transaction tx) -> tx.jobs().enqueueUnlessWaiting("advance", "api/staging", T0))).isTrue();
        assertThat(tx((Transaction tx) -> tx.jobs().enqueueUnlessWaiting("advance", "api/staging", T0.plusSeconds(5))))
                .as("one waits, due sooner").isFalse();
        assertThat(tx((Transaction tx) -> tx.jobs().enqueueUnlessWaiting("advance", "api/production", T0))).isTrue();
        assertThat(tx((Transaction tx) -> tx.jobs().enqueueUnlessWaiting("notify", "api/staging", T0))).isTrue();
        assertThat(tx((Transaction tx) -> tx.jobs().enqueueUnlessWaiting("advance", "web/staging", T0.plusSeconds(60))))
                .isTrue();
        assertThat(tx((Transaction tx) -> tx.jobs().enqueueUnlessWaiting("advance", "web/staging", T0)))
                .as("the one waiting is due later").isTrue();

        Job running = tx((Transaction tx) -> tx.jobs().claimNext("w1", T0, LEASE, List.of("advance"))).orElseThrow();
        assertThat(running.payload()).isEqualTo("api/staging");
        assertThat(tx((Transaction tx) -> tx.jobs().enqueueUnlessWaiting("advance", "api/staging", T0)))
                .as("the one there is claimed: it may have read the queue already").isTrue();
    }

    @Test
    void claims_a_due_job_and_counts_an_attempt() {
        long id = enqueue("notify", "42", "api/production", T0);

        Job claimed = claim("w1", T0).orElseThrow();

        assertThat(claimed).isEqualTo(new Job(id, "notify", "42", "api/production", T0, 1, Job.PENDING, null,
                claimed.leaseToken()));
        assertThat(claimed.leaseToken()).isNotBlank();
    }

    @Test
    void every_claim_of_a_job_carries_a_lease_token_of_its_own() {
        enqueue("notify", "42", null, T0);
        Job first = claim("w1", T0).orElseThrow();
        Job second = claim("w1", T0.plus(LEASE)).orElseThrow();

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.leaseToken()).isNotEqualTo(first.leaseToken());
    }

    @Test
    void does_not_claim_a_job_before_its_run_time() {
        long id = enqueue("poll", "7", null, T0.plusSeconds(60));

        assertThat(claim("w1", T0.plusSeconds(59))).isEmpty();
        assertThat(claim("w1", T0.plusSeconds(60))).get().extracting(Job::id).isEqualTo(id);
    }

    @Test
    void a_live_lease_keeps_other_workers_away_until_it_expires() {
        long id = enqueue("notify", "42", null, T0);
        assertThat(claim("w1", T0)).isPresent();

        assertThat(claim("w2", T0.plus(LEASE).minusMillis(1))).isEmpty();

        Optional<Job> reclaimed = claim("w2", T0.plus(LEASE));
        assertThat(reclaimed).get().extracting(Job::id, Job::attempts).containsExactly(id, 2);
    }

    @Test
    void claims_the_oldest_due_job_first() {
        long first = enqueue("a", "1", null, T0);
        long second = enqueue("b", "2", null, T0);

        assertThat(claim("w1", T0)).get().extracting(Job::id).isEqualTo(first);
        assertThat(claim("w2", T0)).get().extracting(Job::id).isEqualTo(second);
        assertThat(claim("w3", T0)).isEmpty();
    }

    @Test
    void claims_the_job_due_longest_before_one_added_earlier_but_due_later() {
        long retry = enqueue("a", "1", null, T0.plusSeconds(30));
        long fresh = enqueue("b", "2", null, T0.plusSeconds(10));
        assertThat(claim("w1", T0.plusSeconds(60))).get().extracting(Job::id).isEqualTo(fresh);
        assertThat(claim("w1", T0.plusSeconds(60))).get().extracting(Job::id).isEqualTo(retry);
    }

    @Test
    void extends_a_lease_only_for_its_holder() {
        enqueue("poll", "7", null, T0);
        Job w1 = claim("w1", T0).orElseThrow();
        Job forged = new Job(w1.id(), w1.kind(), w1.payload(), w1.serialKey(), w1.runAt(), w1.attempts(), w1.status(),
                w1.lastError(), "not-the-token");

        assertThat(tx((Transaction tx) -> tx.jobs().extendLease(forged, T0.plusSeconds(600)))).isFalse();
        assertThat(tx((Transaction tx) -> tx.jobs().extendLease(w1, T0.plusSeconds(300)))).isTrue();
        assertThat(claim("w2", T0.plusSeconds(299))).isEmpty();
        assertThat(claim("w2", T0.plusSeconds(300))).isPresent();
        assertThat(tx((Transaction tx) -> tx.jobs().extendLease(w1, T0.plusSeconds(900)))).isFalse();
    }

    @Test
    void a_claim_that_lost_its_job_can_neither_finish_retry_postpone_release_nor_fail_it() {
        long id = enqueue("trigger", "42", null, T0);
        Job lost = claim("w1", T0).orElseThrow();
        Job holder = claim("w2", T0.plus(LEASE)).orElseThrow();

        assertThat(tx((Transaction tx) -> tx.jobs().complete(lost))).isFalse();
        assertThat(tx((Transaction tx) -> tx.jobs().retryAt(lost, T0.plusSeconds(600), "late"))).isFalse();
        assertThat(tx((Transaction tx) -> tx.jobs().postpone(lost, T0.plusSeconds(600)))).isFalse();
        assertThat(tx((Transaction tx) -> tx.jobs().release(lost))).isFalse();
        assertThat(tx((Transaction tx) -> tx.jobs().fail(lost, "late"))).isFalse();
        assertThat(tx((Transaction tx) -> tx.jobs().extendLease(lost, T0.plusSeconds(600)))).isFalse();

        assertThat(job(id)).isEqualTo(new Job(id, "trigger", "42", null, T0, 2, Job.PENDING, null));
        assertThat(tx((Transaction tx) -> tx.jobs().complete(holder))).isTrue();
        assertThat(job(id).status()).isEqualTo(Job.DONE);
    }

    @Test
    void a_finished_claim_cannot_finish_the_job_again() {
        long id = enqueue("trigger", "42", null, T0);
        Job claimed = claim("w1", T0).orElseThrow();
        assertThat(tx((Transaction tx) -> tx.jobs().fail(claimed, "404"))).isTrue();

        assertThat(tx((Transaction tx) -> tx.jobs().complete(claimed))).isFalse();
        assertThat(tx((Transaction tx) -> tx.jobs().release(claimed))).isFalse();
        assertThat(job(id)).extracting(Job::status, Job::attempts).containsExactly(Job.FAILED, 1);
    }

    @Test
    void holds_a_lease_only_for_its_holder_and_only_while_it_lasts() {
        enqueue("poll", "7", null, T0);
        Instant now = Instant.now();
        Job expired = tx((Transaction tx) -> tx.jobs().claimNext("w1", now.minus(LEASE).minusSeconds(1), LEASE,
                EVERY_KIND)).orElseThrow();
        assertThat(tx((Transaction tx) -> tx.jobs().holdLease(expired))).isFalse();

        Job live = claim("w2", now).orElseThrow();

        assertThat(tx((Transaction tx) -> tx.jobs().holdLease(live))).isTrue();
        assertThat(tx((Transaction tx) -> tx.jobs().holdLease(expired))).isFalse();
    }

    @Test
    void a_write_fenced_by_a_lost_lease_commits_nothing() {
        enqueue("poll", "7", null, T0);
        Instant now = Instant.now();
        Job first = claim("w1", now).orElseThrow();
        try (LeaseFence fence = LeaseFence.hold(first)) {
            run(tx -> tx.idempotencyKeys().claim("while-held", now));
        }
        claim("w2", now.plus(LEASE)).orElseThrow();

        try (LeaseFence fence = LeaseFence.hold(first)) {
            assertThatThrownBy(() -> run(tx -> tx.idempotencyKeys().claim("after-the-loss", now)))
                    .isInstanceOf(LeaseLostException.class);
        }

        assertThat(tx((Transaction tx) -> tx.idempotencyKeys().claim("while-held", now))).isFalse();
        assertThat(tx((Transaction tx) -> tx.idempotencyKeys().claim("after-the-loss", now))).isTrue();
    }

    @Test
    void a_fenced_work_whose_lease_is_lost_fails_alone_in_its_commit() {
        enqueue("poll", "7", null, T0);
        Instant now = Instant.now();
        Job lost = claim("w1", now).orElseThrow();
        claim("w2", now.plus(LEASE)).orElseThrow();
        Store.TransactionWork<Boolean> fenced;
        try (LeaseFence fence = LeaseFence.hold(lost)) {
            fenced = LeaseFence.guard(tx -> tx.idempotencyKeys().claim("fenced", now));
        }

        List<Store.Outcome<Boolean>> outcomes = store.inOneCommit(List.of(
                tx -> tx.idempotencyKeys().claim("before", now), fenced,
                tx -> tx.idempotencyKeys().claim("after", now)));

        assertThat(outcomes.get(0).failure()).isNull();
        assertThat(outcomes.get(1).failure()).isInstanceOf(LeaseLostException.class);
        assertThat(outcomes.get(2).failure()).isNull();
        assertThat(tx((Transaction tx) -> tx.idempotencyKeys().claim("before", now))).isFalse();
        assertThat(tx((Transaction tx) -> tx.idempotencyKeys().claim("fenced", now))).isTrue();
        assertThat(tx((Transaction tx) -> tx.idempotencyKeys().claim("after", now))).isFalse();
    }

    @Test
    void claims_only_the_kinds_the_worker_handles() {
        long slack = enqueue("notify-slack", "1", null, T0);
        long console = enqueue("notify-console", "1", null, T0);
        Optional<Job> claimed = tx(tx -> tx.jobs().claimNext("w1", T0, LEASE, List.of("notify-console")));
        assertThat(claimed).get().extracting(Job::id).isEqualTo(console);
        Optional<Job> again = tx(tx -> tx.jobs().claimNext("w1", T0, LEASE, List.of("notify-console")));
        Optional<Job> none = tx(tx -> tx.jobs().claimNext("w1", T0, LEASE, List.of()));
        assertThat(again).isEmpty();
        assertThat(none).isEmpty();
        assertThat(job(slack).status()).isEqualTo(Job.PENDING);
        assertThat(job(slack).attempts()).isZero();
    }

    @Test
    void postpone_puts_the_job_back_later_without_counting_the_attempt() {
        long id = enqueue("notify", "42", null, T0);
        Job claimed = claim("w1", T0).orElseThrow();
        run(tx -> tx.jobs().postpone(claimed, T0.plusSeconds(30)));
        Job postponed = job(id);
        assertThat(postponed.status()).isEqualTo(Job.PENDING);
        assertThat(postponed.attempts()).isZero();
        assertThat(postponed.runAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(claim("w2", T0.plusSeconds(29))).isEmpty();
        assertThat(claim("w2", T0.plusSeconds(30))).isPresent();
    }

    @Test
    void release_hands_the_job_back_without_counting_the_attempt() {
        long id = enqueue("notify", "42", null, T0);
        Job claimed = claim("w1", T0).orElseThrow();

        run(tx -> tx.jobs().release(claimed));

        assertThat(job(id)).extracting(Job::status, Job::attempts).containsExactly(Job.PENDING, 0);
        assertThat(claim("w2", T0)).get().extracting(Job::id, Job::attempts).containsExactly(id, 1);
    }

    @Test
    void retry_at_puts_the_job_back_later_with_its_error_and_its_attempts() {
        long id = enqueue("trigger", "42", null, T0);
        Job claimed = claim("w1", T0).orElseThrow();

        run(tx -> tx.jobs().retryAt(claimed, T0.plusSeconds(10), "503 from backend"));

        assertThat(job(id)).isEqualTo(new Job(id, "trigger", "42", null, T0.plusSeconds(10), 1, Job.PENDING,
                "503 from backend"));
        assertThat(claim("w1", T0.plusSeconds(9))).isEmpty();
        assertThat(claim("w2", T0.plusSeconds(10))).get().extracting(Job::attempts).isEqualTo(2);
    }

    @Test
    void complete_marks_the_job_done_and_no_worker_claims_it_again() {
        long id = enqueue("notify", "42", null, T0);
        Job claimed = claim("w1", T0).orElseThrow();

        run(tx -> tx.jobs().complete(claimed));

        assertThat(job(id).status()).isEqualTo(Job.DONE);
        assertThat(claim("w2", T0.plus(LEASE).plusSeconds(1))).isEmpty();
        assertThat(tx((Transaction tx) -> tx.jobs().listPending())).isEmpty();
    }

    @Test
    void fail_marks_the_job_failed_for_good() {
        long id = enqueue("trigger", "42", null, T0);
        Job claimed = claim("w1", T0).orElseThrow();

        run(tx -> tx.jobs().fail(claimed, "404: no such pipeline"));

        assertThat(job(id)).extracting(Job::status, Job::lastError).containsExactly(Job.FAILED, "404: no such pipeline");
        assertThat(claim("w2", T0.plus(LEASE).plusSeconds(1))).isEmpty();
    }

    @Test
    void jobs_with_the_same_serial_key_run_one_at_a_time_in_order() {
        long first = enqueue("trigger", "1", "api/production", T0);
        long second = enqueue("trigger", "2", "api/production", T0);
        long otherKey = enqueue("trigger", "3", "web/production", T0);
        long noKey = enqueue("notify", "4", null, T0);

        assertThat(claim("w1", T0)).get().extracting(Job::id).isEqualTo(first);
        assertThat(claim("w2", T0)).get().extracting(Job::id).isEqualTo(otherKey);
        assertThat(claim("w3", T0)).get().extracting(Job::id).isEqualTo(noKey);
        assertThat(claim("w4", T0)).isEmpty();

        // a crashed holder's job comes back before the next of its key
        Job reclaimed = claim("w4", T0.plus(LEASE)).orElseThrow();
        assertThat(reclaimed.id()).isEqualTo(first);

        run(tx -> tx.jobs().complete(reclaimed));
        assertThat(claim("w4", T0.plus(LEASE))).get().extracting(Job::id).isEqualTo(second);
    }

    @Test
    void a_serial_job_waits_for_an_earlier_one_that_is_not_yet_due() {
        long later = enqueue("poll", "1", "api/production", T0.plusSeconds(60));
        enqueue("trigger", "2", "api/production", T0);

        assertThat(claim("w1", T0)).isEmpty();

        Job due = claim("w1", T0.plusSeconds(60)).orElseThrow();
        assertThat(due.id()).isEqualTo(later);
        run(tx -> tx.jobs().fail(due, "cancelled"));
        assertThat(claim("w1", T0)).get().extracting(Job::payload).isEqualTo("2");
    }

    @Test
    void lists_pending_jobs_due_or_not_oldest_first() {
        long a = enqueue("a", "1", null, T0.plusSeconds(60));
        long b = enqueue("b", "2", null, T0);
        long done = enqueue("c", "3", null, T0);
        long failed = enqueue("d", "4", null, T0);
        Job c = tx((Transaction tx) -> tx.jobs().claimNext("w1", T0, LEASE, List.of("c"))).orElseThrow();
        Job d = tx((Transaction tx) -> tx.jobs().claimNext("w1", T0, LEASE, List.of("d"))).orElseThrow();
        assertThat(List.of(c.id(), d.id())).containsExactly(done, failed);
        run(tx -> tx.jobs().complete(c));
        run(tx -> tx.jobs().fail(d, "no"));

        assertThat(tx((Transaction tx) -> tx.jobs().listPending())).extracting(Job::id).containsExactly(a, b);
    }

    @Test
    void many_workers_claim_each_job_exactly_once() throws Exception {
        int jobs = 60;
        List<Long> enqueued = tx(tx -> LongStream.range(0, jobs)
                .mapToObj(i -> tx.jobs().enqueue("notify", Long.toString(i), null, T0))
                .toList());

        List<List<Long>> claimedPerWorker = concurrently(THREADS, () -> {
            String worker = Thread.currentThread().getName();
            List<Long> mine = new ArrayList<>();
            Optional<Job> next;
            while ((next = claim(worker, T0.plusSeconds(1))).isPresent()) {
                mine.add(next.get().id());
            }
            return mine;
        });

        List<Long> claimed = claimedPerWorker.stream().flatMap(List::stream).sorted().toList();
        assertThat(claimed).isEqualTo(enqueued);
        assertThat(tx((Transaction tx) -> tx.jobs().listPending())).allSatisfy(j -> assertThat(j.attempts()).isEqualTo(1));
    }

    // --- preview slots -----------------------------------------------------------------------------

    @Test
    void previews_of_one_environment_in_different_slots_are_active_at_once() {
        Deployment login = insert(preview("shop", "feature-login"));
        Deployment cart = insert(preview("shop", "feature-cart"));

        List<Deployment> active = tx(tx -> tx.deployments().listActive());
        assertThat(active).containsExactlyInAnyOrder(login, cart);
    }

    @Test
    void refuses_a_second_active_preview_in_the_same_slot() {
        insert(preview("shop", "feature-login"));

        assertThatThrownBy(() -> insert(preview("shop", "feature-login"))).isInstanceOf(ConflictException.class);
    }

    @Test
    void the_same_slot_of_another_project_or_environment_is_another_slot() {
        insert(preview("shop", "feature-login"));
        insert(preview("blog", "feature-login"));
        insert(Deployment.preview("shop", "staging", "registry.example.com/acme/shop:1", "ci", SLACK,
                new PreviewSlot("branch", "feature-login"), T0));

        List<Deployment> active = tx(tx -> tx.deployments().listActive());
        assertThat(active).hasSize(3);
    }

    @Test
    void a_slotless_deployment_and_a_preview_of_the_same_environment_are_active_together() {
        Deployment plain = held("shop", "preview");
        Deployment slotted = insert(preview("shop", "feature-login"));

        List<Deployment> active = tx(tx -> tx.deployments().listActive());
        Optional<Deployment> found = tx(tx -> tx.deployments().findActive("shop", "preview"));
        assertThat(active).containsExactlyInAnyOrder(plain, slotted);
        assertThat(found).contains(plain);
    }

    @Test
    void find_active_ignores_previews_in_slots() {
        insert(preview("shop", "feature-login"));

        Optional<Deployment> found = tx(tx -> tx.deployments().findActive("shop", "preview"));
        assertThat(found).isEmpty();
    }

    @Test
    void a_preview_keeps_its_slot_and_a_plain_deployment_has_none() {
        Deployment slotted = insert(preview("shop", "feature-login"));
        Deployment plain = insert(requested("shop", "production"));

        Optional<Deployment> storedPreview = tx(tx -> tx.deployments().findById(slotted.id()));
        Optional<Deployment> storedPlain = tx(tx -> tx.deployments().findById(plain.id()));
        assertThat(storedPreview).contains(slotted);
        assertThat(storedPreview.orElseThrow().slot()).isEqualTo("branch/feature-login");
        assertThat(storedPreview.orElseThrow().previewSlot()).contains(new PreviewSlot("branch", "feature-login"));
        assertThat(storedPlain.orElseThrow().slot()).isNull();
        assertThat(storedPlain.orElseThrow().previewSlot()).isEmpty();
    }

    @Test
    void a_finished_preview_frees_its_slot_and_keeps_its_slot_when_updated() {
        Deployment first = insert(preview("shop", "feature-login"));
        Deployment done = finish(first, DeploymentState.SUCCEEDED);

        Deployment second = insert(preview("shop", "feature-login"));

        Optional<Deployment> storedFirst = tx(tx -> tx.deployments().findById(first.id()));
        assertThat(storedFirst).contains(done);
        assertThat(storedFirst.orElseThrow().slot()).isEqualTo("branch/feature-login");
        assertThat(second.id()).isNotEqualTo(first.id());
    }

    // --- reviews ----------------------------------------------------------------------------------

    @Test
    void inserts_a_review_and_finds_it_by_its_preview_deployment() {
        Deployment previewed = insert(finished(preview("shop", "feature-login")));
        Review review = reviewOf(previewed, "feature/login");

        run(tx -> tx.reviews().insert(review));

        Optional<Review> found = tx(tx -> tx.reviews().findById(previewed.id()));
        Optional<Review> unknown = tx(tx -> tx.reviews().findById(previewed.id() + 1000));
        assertThat(found).contains(review);
        assertThat(found.orElseThrow().productionDeploymentId()).isNull();
        assertThat(found.orElseThrow().decidedBy()).isNull();
        assertThat(found.orElseThrow().decidedAt()).isNull();
        assertThat(found.orElseThrow().note()).isNull();
        assertThat(unknown).isEmpty();
    }

    @Test
    void a_decided_review_keeps_its_production_deployment_decider_time_and_note() {
        Deployment previewed = insert(finished(preview("shop", "feature-login")));
        Deployment production = insert(requested("shop", "production"));
        Review decided = new Review(previewed.id(), "shop", previewed.ref(), "branch", "feature/login",
                new PreviewSlot("branch", "feature-login"), "console", ReviewState.PROMOTING, production.id(), "U-OWNER",
                T0.plusSeconds(90), "shipping after sign-off", T0, T0.plusSeconds(90));

        run(tx -> tx.reviews().insert(decided));

        Optional<Review> found = tx(tx -> tx.reviews().findById(previewed.id()));
        assertThat(found).contains(decided);
        assertThat(found.orElseThrow().productionDeploymentId()).isEqualTo(production.id());
    }

    @Test
    void finds_the_review_in_flight_of_exactly_that_build() {
        Review build = insertReview("shop", "registry.example.com/acme/shop:1", "branch", "main", ReviewState.OPEN);
        Review otherProject = insertReview("blog", "registry.example.com/acme/shop:1", "branch", "main",
                ReviewState.OPEN);
        Review otherImage = insertReview("shop", "registry.example.com/acme/shop:2", "branch", "main",
                ReviewState.OPEN);
        Review otherType = insertReview("shop", "registry.example.com/acme/shop:1", "tag", "main", ReviewState.OPEN);
        Review otherTarget = insertReview("shop", "registry.example.com/acme/shop:1", "branch", "develop",
                ReviewState.OPEN);

        assertThat(inFlight("shop", "registry.example.com/acme/shop:1", "branch", "main")).contains(build);
        assertThat(inFlight("blog", "registry.example.com/acme/shop:1", "branch", "main")).contains(otherProject);
        assertThat(inFlight("shop", "registry.example.com/acme/shop:2", "branch", "main")).contains(otherImage);
        assertThat(inFlight("shop", "registry.example.com/acme/shop:1", "tag", "main")).contains(otherType);
        assertThat(inFlight("shop", "registry.example.com/acme/shop:1", "branch", "develop")).contains(otherTarget);
        assertThat(inFlight("shop", "registry.example.com/acme/shop:3", "branch", "main")).isEmpty();
    }

    @Test
    void only_previewing_open_and_promoting_reviews_are_in_flight() {
        for (ReviewState state : ReviewState.values()) {
            String image = "registry.example.com/acme/shop:" + state.label();
            insertReview("shop", image, "branch", "main", state);

            assertThat(inFlight("shop", image, "branch", "main")).as(state.label())
                    .map(Review::state)
                    .isEqualTo(state.isInFlight() ? Optional.of(state) : Optional.empty());
        }
        assertThat(ReviewState.values()).filteredOn(ReviewState::isInFlight)
                .containsExactlyInAnyOrder(ReviewState.PREVIEWING, ReviewState.OPEN, ReviewState.PROMOTING);
    }

    @Test
    void refuses_a_second_review_in_flight_of_the_same_build() {
        Review first = insertReview("shop", "registry.example.com/acme/shop:1", "branch", "main",
                ReviewState.PREVIEWING);
        Deployment again = insert(finished(preview("shop", "main")));
        Review second = reviewOf(again, "main");

        assertThatThrownBy(() -> run(tx -> tx.reviews().insert(second))).isInstanceOf(ConflictException.class);

        Optional<Review> secondStored = tx(tx -> tx.reviews().findById(again.id()));
        assertThat(secondStored).isEmpty();
        assertThat(inFlight("shop", "registry.example.com/acme/shop:1", "branch", "main")).contains(first);
    }

    @Test
    void accepts_a_new_review_of_a_build_once_its_last_one_is_closed_or_deployed() {
        for (ReviewState end : List.of(ReviewState.CLOSED, ReviewState.DEPLOYED)) {
            String image = "registry.example.com/acme/shop:" + end.label();
            Review first = insertReview("shop", image, "branch", "main", ReviewState.OPEN);
            Review ended = first.decided(end, "U-OWNER", null, null, T0.plusSeconds(60));
            assertThat(tx((Transaction tx) -> tx.reviews().update(ended, ReviewState.OPEN))).isTrue();

            Review second = insertReview("shop", image, "branch", "main", ReviewState.PREVIEWING);

            assertThat(second.deploymentId()).isNotEqualTo(first.deploymentId());
            assertThat(inFlight("shop", image, "branch", "main")).contains(second);
        }
    }

    @Test
    void update_overwrites_a_reviews_mutable_fields_when_its_state_is_as_expected() {
        Review previewing = insertReview("shop", "registry.example.com/acme/shop:1", "branch", "main",
                ReviewState.PREVIEWING);
        Review open = previewing.moveTo(ReviewState.OPEN, "preview is up", T0.plusSeconds(30));
        Deployment production = insert(requested("shop", "production"));
        Review promoting = open.decided(ReviewState.PROMOTING, "U-OWNER", production.id(), "go",
                T0.plusSeconds(60));

        assertThat(tx((Transaction tx) -> tx.reviews().update(open, ReviewState.PREVIEWING))).isTrue();
        Optional<Review> afterOpen = tx(tx -> tx.reviews().findById(previewing.deploymentId()));
        assertThat(afterOpen).contains(open);

        assertThat(tx((Transaction tx) -> tx.reviews().update(promoting, ReviewState.OPEN))).isTrue();
        Optional<Review> afterPromote = tx(tx -> tx.reviews().findById(previewing.deploymentId()));
        assertThat(afterPromote).contains(promoting);
    }

    @Test
    void update_of_a_review_changes_nothing_when_its_stored_state_moved_on() {
        Review open = insertReview("shop", "registry.example.com/acme/shop:1", "branch", "main", ReviewState.OPEN);
        Review closed = open.decided(ReviewState.CLOSED, "U-OWNER", null, "superseded", T0.plusSeconds(10));
        assertThat(tx((Transaction tx) -> tx.reviews().update(closed, ReviewState.OPEN))).isTrue();
        Deployment production = insert(requested("shop", "production"));
        Review latePromotion = open.decided(ReviewState.PROMOTING, "U-OTHER", production.id(), "late",
                T0.plusSeconds(20));

        boolean updated = tx(tx -> tx.reviews().update(latePromotion, ReviewState.OPEN));

        Optional<Review> stored = tx(tx -> tx.reviews().findById(open.deploymentId()));
        assertThat(updated).isFalse();
        assertThat(stored).contains(closed);
    }

    @Test
    void finds_a_review_by_its_production_deployment() {
        Review open = insertReview("shop", "registry.example.com/acme/shop:1", "branch", "main", ReviewState.OPEN);
        insertReview("shop", "registry.example.com/acme/shop:2", "branch", "main", ReviewState.OPEN);
        Deployment production = insert(requested("shop", "production"));
        Review promoting = open.decided(ReviewState.PROMOTING, "U-OWNER", production.id(), null, T0.plusSeconds(5));
        run(tx -> tx.reviews().update(promoting, ReviewState.OPEN));

        Optional<Review> found = tx(tx -> tx.reviews().findByProductionDeployment(production.id()));
        Optional<Review> none = tx(tx -> tx.reviews().findByProductionDeployment(production.id() + 1000));
        assertThat(found).contains(promoting);
        assertThat(none).isEmpty();
    }

    @Test
    void lists_the_open_reviews_of_one_projects_slot_oldest_first() {
        Review older = insertReview("shop", "registry.example.com/acme/shop:1", "branch", "feature/login",
                ReviewState.OPEN);
        Review newer = insertReview("shop", "registry.example.com/acme/shop:2", "branch", "feature/login",
                ReviewState.OPEN);
        insertReview("shop", "registry.example.com/acme/shop:3", "branch", "feature/login", ReviewState.PREVIEWING);
        insertReview("shop", "registry.example.com/acme/shop:4", "branch", "feature/login", ReviewState.CLOSED);
        insertReview("shop", "registry.example.com/acme/shop:5", "branch", "feature/cart", ReviewState.OPEN);
        insertReview("shop", "registry.example.com/acme/shop:6", "tag", "feature/login", ReviewState.OPEN);
        insertReview("blog", "registry.example.com/acme/blog:1", "branch", "feature/login", ReviewState.OPEN);

        List<Review> open = tx(tx -> tx.reviews().listOpenInSlot("shop", "branch/feature-login"));
        List<Review> none = tx(tx -> tx.reviews().listOpenInSlot("shop", "branch/nothing"));
        assertThat(open).containsExactly(older, newer);
        assertThat(none).isEmpty();
    }

    @Test
    void lists_the_reviews_in_flight_of_one_project_or_of_all_oldest_first() {
        Review previewing = insertReview("shop", "registry.example.com/acme/shop:1", "branch", "a", ReviewState.PREVIEWING);
        Review open = insertReview("shop", "registry.example.com/acme/shop:2", "branch", "b", ReviewState.OPEN);
        Review promoting = insertReview("shop", "registry.example.com/acme/shop:3", "branch", "c", ReviewState.PROMOTING);
        insertReview("shop", "registry.example.com/acme/shop:4", "branch", "d", ReviewState.CLOSED);
        insertReview("shop", "registry.example.com/acme/shop:5", "branch", "e", ReviewState.DEPLOYED);
        insertReview("shop", "registry.example.com/acme/shop:6", "branch", "f", ReviewState.PREVIEW_FAILED);
        Review blog = insertReview("blog", "registry.example.com/acme/blog:1", "tag", "v1", ReviewState.OPEN);

        List<Review> shop = tx(tx -> tx.reviews().listInFlight("shop"));
        List<Review> all = tx(tx -> tx.reviews().listInFlight(null));
        assertThat(shop).containsExactly(previewing, open, promoting);
        assertThat(all).containsExactly(previewing, open, promoting, blog);
    }

    @Test
    void a_reviewers_later_verdict_replaces_their_earlier_one() {
        Review review = insertReview("shop", "registry.example.com/acme/shop:1", "branch", "main", ReviewState.OPEN);
        Review other = insertReview("shop", "registry.example.com/acme/shop:2", "branch", "main", ReviewState.OPEN);
        long id = review.deploymentId();

        run(tx -> tx.reviews().saveVerdict(new Verdict(id, "U-ALICE", Verdict.Kind.APPROVED, T0)));
        run(tx -> tx.reviews().saveVerdict(new Verdict(id, "U-BOB", Verdict.Kind.REJECTED, T0.plusSeconds(1))));
        run(tx -> tx.reviews().saveVerdict(new Verdict(id, "U-ALICE", Verdict.Kind.REJECTED, T0.plusSeconds(2))));
        run(tx -> tx.reviews().saveVerdict(new Verdict(other.deploymentId(), "U-ALICE", Verdict.Kind.APPROVED, T0)));

        List<Verdict> verdicts = tx(tx -> tx.reviews().listVerdicts(id));
        List<Verdict> otherVerdicts = tx(tx -> tx.reviews().listVerdicts(other.deploymentId()));
        assertThat(verdicts).containsExactly(
                new Verdict(id, "U-BOB", Verdict.Kind.REJECTED, T0.plusSeconds(1)),
                new Verdict(id, "U-ALICE", Verdict.Kind.REJECTED, T0.plusSeconds(2)));
        assertThat(otherVerdicts).containsExactly(new Verdict(other.deploymentId(), "U-ALICE", Verdict.Kind.APPROVED, T0));
    }

    @Test
    void lists_no_verdicts_for_a_review_nobody_judged() {
        Review review = insertReview("shop", "registry.example.com/acme/shop:1", "branch", "main", ReviewState.OPEN);

        List<Verdict> verdicts = tx(tx -> tx.reviews().listVerdicts(review.deploymentId()));
        assertThat(verdicts).isEmpty();
    }

    @Test
    void remembers_one_message_per_recipient_and_review_replacing_the_earlier_one() {
        long id = insertReview("shop", "registry.example.com/acme/shop:1", "branch", "main", ReviewState.OPEN)
                .deploymentId();
        long other = insertReview("shop", "registry.example.com/acme/shop:2", "branch", "main", ReviewState.OPEN)
                .deploymentId();

        run(tx -> tx.reviews().saveMessageRef(id, "U-ALICE", "D01:1700000000.000100"));
        run(tx -> tx.reviews().saveMessageRef(other, "U-ALICE", "D01:1700000000.000900"));
        run(tx -> tx.reviews().saveMessageRef(id, "U-ALICE", "D01:1700000000.000200"));
        run(tx -> tx.reviews().saveMessageRef(id, "U-BOB", "D02:1700000000.000300"));

        Optional<String> alice = tx(tx -> tx.reviews().findMessageRef(id, "U-ALICE"));
        Optional<String> bob = tx(tx -> tx.reviews().findMessageRef(id, "U-BOB"));
        Optional<String> aliceOnOther = tx(tx -> tx.reviews().findMessageRef(other, "U-ALICE"));
        Optional<String> carol = tx(tx -> tx.reviews().findMessageRef(id, "U-CAROL"));
        assertThat(alice).contains("D01:1700000000.000200");
        assertThat(bob).contains("D02:1700000000.000300");
        assertThat(aliceOnOther).contains("D01:1700000000.000900");
        assertThat(carol).isEmpty();
    }

    // --- helpers ----------------------------------------------------------------------------------

    private <T> T tx(Store.TransactionWork<T> work) {
        return store.inTransaction(work);
    }

    private void run(java.util.function.Consumer<Transaction> work) {
        store.inTransaction(tx -> {
            work.accept(tx);
            return null;
        });
    }

    @Test
    void finds_a_deployment_by_the_thread_that_asked_for_it_or_by_its_own_message() {
        Deployment mention = insert(Deployment.request("api", "staging", "main", "alice",
                new ChatOrigin("slack", "C1", "1717171717.000100", "1717171799.000500"), DeploymentState.QUEUED, T0));
        Deployment slash = insert(Deployment.request("api", "production", "main", "alice",
                new ChatOrigin("slack", "C1", null), DeploymentState.QUEUED, T0));
        run(tx -> tx.deployments().recordMessage(slash.id(), "1717171800.000200"));
        Optional<Deployment> byThread = tx(tx -> tx.deployments().findByThread("C1", "1717171717.000100"));
        Optional<Deployment> byMessage = tx(tx -> tx.deployments().findByThread("C1", "1717171800.000200"));
        Optional<Deployment> otherChannel = tx(tx -> tx.deployments().findByThread("C2", "1717171717.000100"));
        assertThat(byThread).get().extracting(Deployment::id).isEqualTo(mention.id());
        assertThat(byThread.get().origin().message()).isEqualTo("1717171799.000500");
        assertThat(byMessage).get().extracting(Deployment::id).isEqualTo(slash.id());
        assertThat(otherChannel).isEmpty();
    }

    @Test
    void lists_deployments_by_their_backend_run() {
        Deployment first = insert(requested("api", "staging"));
        run(tx -> tx.deployments().recordRun(first.id(), "88001", "https://gitlab/p/88001"));
        List<Deployment> found = tx(tx -> tx.deployments().listByExternalId("88001"));
        List<Deployment> none = tx(tx -> tx.deployments().listByExternalId("88002"));
        assertThat(found).extracting(Deployment::id).containsExactly(first.id());
        assertThat(found.get(0).externalUrl()).isEqualTo("https://gitlab/p/88001");
        assertThat(none).isEmpty();
    }

    @Test
    void one_commit_rolls_back_only_the_works_that_fail() {
        List<Store.TransactionWork<Long>> works = List.of(
                tx -> dispatched(tx, queued("api", "one")),
                tx -> {
                    tx.deployments().insert(requested("api", "two"));
                    throw new IllegalStateException("refused");
                },
                tx -> dispatched(tx, queued("api", "one")),
                tx -> dispatched(tx, queued("api", "three")));
        List<Store.Outcome<Long>> outcomes = store.inOneCommit(works);
        assertThat(outcomes.get(0).failure()).isNull();
        assertThat(outcomes.get(1).failure()).isInstanceOf(IllegalStateException.class).hasMessage("refused");
        assertThat(outcomes.get(2).failure()).isInstanceOf(ConflictException.class);
        assertThat(outcomes.get(3).failure()).isNull();
        List<Deployment> active = tx(tx -> tx.deployments().listActive());
        assertThat(active).extracting(Deployment::environment).containsExactlyInAnyOrder("one", "three");
        assertThat(active).extracting(Deployment::id).containsExactlyInAnyOrder(outcomes.get(0).get(), outcomes.get(3).get());
    }

    @Test
    void reads_see_what_is_committed_without_a_write_transaction() {
        Deployment stored = insert(requested("api", "staging"));
        Optional<Deployment> read = store.read(tx -> tx.deployments().findById(stored.id()));
        assertThat(read).get().extracting(Deployment::environment).isEqualTo("staging");
        // a read on another thread while a transaction holds the write lock neither waits nor sees its writes
        java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            Optional<Deployment> during = tx(tx -> {
                dispatched(tx, queued("api", "production"));
                try {
                    return reader.submit(() -> store.read(other -> other.deployments().findActive("api", "production")))
                            .get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(during).isEmpty();
        } finally {
            reader.shutdownNow();
        }
    }

    /** A queued deployment that left its queue: it holds its environment. */
    private Deployment held(String project, String environment) {
        long id = tx((Transaction tx) -> dispatched(tx, queued(project, environment)));
        return tx((Transaction tx) -> tx.deployments().findById(id)).orElseThrow();
    }

    private static long dispatched(Transaction tx, Deployment queued) {
        long id = tx.deployments().insert(queued).id();
        tx.deployments().dispatch(id, T0);
        return id;
    }

    private static Deployment queued(String project, String environment) {
        return Deployment.request(project, environment, "main", "alice", SLACK, DeploymentState.QUEUED, T0);
    }

    private static Deployment requested(String project, String environment) {
        return requestedAt(project, environment, T0);
    }

    private static Deployment requestedAt(String project, String environment, Instant at) {
        return Deployment.request(project, environment, "main", "alice", SLACK, DeploymentState.REQUESTED, at);
    }

    private static Deployment withState(Deployment d, DeploymentState state) {
        return new Deployment(d.id(), d.project(), d.environment(), d.ref(), state, d.requestedBy(), d.origin(),
                d.createdAt(), d.updatedAt(), d.startedAt(), d.finishedAt(), d.externalId(), d.externalUrl(),
                d.summary(), d.outputTail(), d.messageRef(), d.slot());
    }

    /** A build's preview of {@code project} in its {@code preview} environment, in slot {@code branch/<label>}. */
    private static Deployment preview(String project, String label) {
        return Deployment.preview(project, "preview", "registry.example.com/acme/" + project + ":1", "ci", SLACK,
                new PreviewSlot("branch", label), T0);
    }

    /** {@code d} already over, so that it holds no slot: reviews of one build need previews of their own. */
    private static Deployment finished(Deployment d) {
        return withState(d, DeploymentState.SUCCEEDED);
    }

    /** A review of the build {@code preview} shipped, a branch named {@code target}, just starting. */
    private static Review reviewOf(Deployment preview, String target) {
        PreviewSlot slot = preview.previewSlot().orElseThrow();
        return Review.previewing(preview.id(), preview.project(), preview.ref(), slot.type(), target, slot, "slack",
                T0);
    }

    /**
     * Stores a review in {@code state} of the build (project, image, type, target) with a preview deployment of its
     * own, already finished; its slot is the target as a DNS label.
     */
    private Review insertReview(String project, String image, String type, String target, ReviewState state) {
        PreviewSlot slot = new PreviewSlot(type, target.replace('/', '-'));
        Deployment previewed = insert(finished(Deployment.preview(project, "preview", image, "ci", SLACK, slot, T0)));
        Review review = new Review(previewed.id(), project, image, type, target, slot, "slack", state, null, null,
                null, null, T0, T0);
        run(tx -> tx.reviews().insert(review));
        return review;
    }

    private Optional<Review> inFlight(String project, String image, String type, String target) {
        return tx(tx -> tx.reviews().findInFlight(project, image, type, target));
    }

    private Deployment insert(Deployment d) {
        return tx(tx -> tx.deployments().insert(d));
    }

    /** Moves an active deployment straight to a terminal state, as the store allows any move. */
    private Deployment finish(Deployment d, DeploymentState terminal) {
        Deployment done = withState(d, terminal);
        assertThat(tx((Transaction tx) -> tx.deployments().moveState(done, d.state()))).isTrue();
        return done;
    }

    private Deployment succeed(Deployment d) {
        Deployment running = d.moveTo(DeploymentState.QUEUED, d.createdAt()).moveTo(DeploymentState.RUNNING,
                d.createdAt().plusSeconds(1));
        Deployment succeeded = running.moveTo(DeploymentState.SUCCEEDED, d.createdAt().plusSeconds(30));
        assertThat(tx((Transaction tx) -> tx.deployments().moveState(succeeded, d.state()))).isTrue();
        return succeeded;
    }

    private EnvironmentLock lock(String project, String environment, String holder) {
        EnvironmentLock lock = new EnvironmentLock(project, environment, holder, "release freeze", T0);
        run(tx -> tx.locks().insert(lock));
        return lock;
    }

    private AuditEvent audit(AuditEvent event) {
        return tx(tx -> tx.audit().record(event));
    }

    private long enqueue(String kind, String payload, String serialKey, Instant runAt) {
        return tx(tx -> tx.jobs().enqueue(kind, payload, serialKey, runAt));
    }

    private static final List<String> EVERY_KIND = List.of("notify", "trigger", "poll", "start-deployment", "a", "b", "c", "d");

    private Optional<Job> claim(String worker, Instant now) {
        return tx(tx -> tx.jobs().claimNext(worker, now, LEASE, EVERY_KIND));
    }

    private Job job(long id) {
        return tx(tx -> tx.jobs().findById(id)).orElseThrow();
    }

    // --- channel bindings and people ---------------------------------------------------------------

    @Test
    void binds_a_channel_and_finds_its_binding() {
        bind("C1", "api", "acme/api", "alice", T0);

        assertThat(tx((Transaction tx) -> tx.bindings().find("C1")))
                .contains(new ChannelBinding("C1", "api", "acme/api", "alice", T0));
        assertThat(tx((Transaction tx) -> tx.bindings().find("C2"))).isEmpty();
    }

    @Test
    void a_new_binding_of_a_channel_replaces_the_old_one() {
        bind("C1", "api", "acme/api", "alice", T0);
        bind("C1", "web", "acme/web", "bob", T0.plusSeconds(60));

        assertThat(tx((Transaction tx) -> tx.bindings().find("C1")))
                .contains(new ChannelBinding("C1", "web", "acme/web", "bob", T0.plusSeconds(60)));
    }

    @Test
    void forgets_a_binding_and_says_whether_there_was_one() {
        bind("C1", "api", "acme/api", "alice", T0);

        assertThat(tx((Transaction tx) -> tx.bindings().delete("C1"))).isTrue();
        assertThat(tx((Transaction tx) -> tx.bindings().delete("C1"))).isFalse();
        assertThat(tx((Transaction tx) -> tx.bindings().find("C1"))).isEmpty();
    }

    @Test
    void links_a_chat_user_to_a_login_found_in_any_case() {
        link("U1", "OctoCat");

        assertThat(tx((Transaction tx) -> tx.people().findByChatUser("U1")))
                .contains(new PersonLink("U1", "OctoCat", T0));
        assertThat(tx((Transaction tx) -> tx.people().findByLogin("octocat"))).get()
                .extracting(PersonLink::chatUser, PersonLink::login).containsExactly("U1", "OctoCat");
        assertThat(tx((Transaction tx) -> tx.people().findByLogin("OCTOCAT"))).isPresent();
        assertThat(tx((Transaction tx) -> tx.people().findByLogin("hubot"))).isEmpty();
    }

    @Test
    void refuses_a_login_already_linked_to_someone_else_in_any_case() {
        link("U1", "OctoCat");

        assertThatThrownBy(() -> link("U2", "octocat")).isInstanceOf(ConflictException.class);
        assertThat(tx((Transaction tx) -> tx.people().findByChatUser("U2"))).isEmpty();
    }

    @Test
    void refuses_a_second_login_for_the_same_chat_user() {
        link("U1", "octocat");

        assertThatThrownBy(() -> link("U1", "hubot")).isInstanceOf(ConflictException.class);
        assertThat(tx((Transaction tx) -> tx.people().findByLogin("hubot"))).isEmpty();
    }

    @Test
    void lists_the_links_of_the_logins_asked_for_in_any_case() {
        link("U1", "OctoCat");
        link("U2", "hubot");
        link("U3", "monalisa");
        List<String> many = new ArrayList<>(LongStream.range(0, 1200).mapToObj(i -> "nobody" + i).toList());
        many.add("octocat");
        many.add("HUBOT");

        assertThat(tx((Transaction tx) -> tx.people().listByLogins(many)))
                .extracting(PersonLink::chatUser).containsExactlyInAnyOrder("U1", "U2");
        assertThat(tx((Transaction tx) -> tx.people().listByLogins(List.of()))).isEmpty();
    }

    @Test
    void unlinks_a_chat_user_and_frees_the_login() {
        link("U1", "octocat");

        assertThat(tx((Transaction tx) -> tx.people().delete("U1"))).isTrue();
        assertThat(tx((Transaction tx) -> tx.people().delete("U1"))).isFalse();
        link("U2", "OCTOCAT");
        assertThat(tx((Transaction tx) -> tx.people().findByLogin("octocat"))).get()
                .extracting(PersonLink::chatUser).isEqualTo("U2");
    }

    // --- response URLs -----------------------------------------------------------------------------

    @Test
    void keeps_one_response_url_per_deployment_and_gives_it_back_as_kept() {
        long id = insert(requested("api", "production")).id();

        tx((Transaction tx) -> {
            tx.responseUrls().keep(id, "https://hooks.slack.com/commands/T1/1/first", T0.plusSeconds(1800));
            tx.responseUrls().keep(id, "https://hooks.slack.com/commands/T1/1/second", T0.plusSeconds(3600));
            return null;
        });

        assertThat(store.read((Transaction tx) -> tx.responseUrls().findByDeployment(id))).hasValue(new ResponseUrlRepository.ResponseUrl(
                id, "https://hooks.slack.com/commands/T1/1/first", T0.plusSeconds(1800), 0, false));
    }

    @Test
    void counts_uses_of_a_response_url_up_to_the_most_and_never_after_it_expired() {
        long id = insert(requested("api", "production")).id();
        tx((Transaction tx) -> {
            tx.responseUrls().keep(id, "https://hooks.slack.com/commands/T1/1/x", T0.plusSeconds(1800));
            return null;
        });

        List<Integer> uses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            uses.add(tx((Transaction tx) -> tx.responseUrls().claimUse(id, T0, 2)));
        }
        long other = insert(requested("web", "production")).id();
        tx((Transaction tx) -> {
            tx.responseUrls().keep(other, "https://hooks.slack.com/commands/T1/2/y", T0.plusSeconds(1800));
            return null;
        });

        assertThat(uses).containsExactly(1, 2, 0);
        assertThat(tx((Transaction tx) -> tx.responseUrls().claimUse(other, T0.plusSeconds(1800), 5))).isZero();
        assertThat(tx((Transaction tx) -> tx.responseUrls().claimUse(other, T0.plusSeconds(1799), 5))).isEqualTo(1);
    }

    @Test
    void tells_the_hint_once_and_forgets_the_response_url_of_an_ended_deployment() {
        long id = insert(requested("api", "production")).id();
        tx((Transaction tx) -> {
            tx.responseUrls().keep(id, "https://hooks.slack.com/commands/T1/1/x", T0.plusSeconds(1800));
            return null;
        });

        boolean first = tx((Transaction tx) -> tx.responseUrls().claimHint(id, T0));
        boolean second = tx((Transaction tx) -> tx.responseUrls().claimHint(id, T0));
        boolean hinted = store.read((Transaction tx) -> tx.responseUrls().findByDeployment(id)).orElseThrow().hinted();
        tx((Transaction tx) -> {
            tx.responseUrls().forget(id);
            tx.responseUrls().forget(id);
            return null;
        });

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(hinted).isTrue();
        assertThat(store.read((Transaction tx) -> tx.responseUrls().findByDeployment(id))).isEmpty();
        assertThat(tx((Transaction tx) -> tx.responseUrls().claimUse(id, T0, 5))).isZero();
    }

    private void bind(String channel, String project, String repository, String by, Instant at) {
        tx((Transaction tx) -> {
            tx.bindings().put(new ChannelBinding(channel, project, repository, by, at));
            return null;
        });
    }

    private void link(String chatUser, String login) {
        tx((Transaction tx) -> {
            tx.people().insert(new PersonLink(chatUser, login, T0));
            return null;
        });
    }

    /** Runs {@code task} on {@code threads} threads released at the same moment and returns their results. */
    private static <T> List<T> concurrently(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return Collections.unmodifiableList(results);
        } finally {
            pool.shutdownNow();
        }
    }

    private static dev.slipway.domain.WorkspaceInstallation installation(String enterprise, String team, String token,
                                                                         boolean orgWide) {
        return new dev.slipway.domain.WorkspaceInstallation(enterprise, team, "Acme", orgWide, "A0001", "U0009", null,
                "chat:write,commands", token, "U0001", null, null, T0);
    }

    @Test
    void keeps_one_installation_per_workspace_and_a_reinstall_replaces_it() {
        store.inTransaction(tx -> {
            tx.installations().put(installation(null, "T0001", "xoxb-first", false));
            tx.installations().put(installation(null, "T0002", "xoxb-other", false));
            tx.installations().put(installation(null, "T0001", "xoxb-second", false));
            tx.installations().put(installation("E0001", null, "xoxb-org", true));
            return null;
        });

        List<dev.slipway.domain.WorkspaceInstallation> all = store.read(tx -> tx.installations().listAll());
        assertThat(all).extracting(dev.slipway.domain.WorkspaceInstallation::id,
                        dev.slipway.domain.WorkspaceInstallation::botToken)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("E0001", "xoxb-org"),
                        org.assertj.core.groups.Tuple.tuple("T0001", "xoxb-second"),
                        org.assertj.core.groups.Tuple.tuple("T0002", "xoxb-other"));
        dev.slipway.domain.WorkspaceInstallation org = store.read(tx -> tx.installations().findById("E0001")).orElseThrow();
        assertThat(org.enterpriseInstall()).isTrue();
        assertThat(org.installedAt()).isEqualTo(T0);
        boolean deleted = store.inTransaction(tx -> tx.installations().delete("T0002"));
        boolean again = store.inTransaction(tx -> tx.installations().delete("T0002"));
        assertThat(deleted).isTrue();
        assertThat(again).isFalse();
        java.util.Optional<dev.slipway.domain.WorkspaceInstallation> gone =
                store.read(tx -> tx.installations().findById("T0002"));
        assertThat(gone).isEmpty();
    }

    @Test
    void an_oauth_state_is_usable_once_and_only_until_it_expires() {
        store.inTransaction(tx -> {
            tx.installations().addState("fresh", T0.plusSeconds(600));
            tx.installations().addState("stale", T0.plusSeconds(600));
            tx.installations().addState("old", T0.minusSeconds(1));
            return null;
        });

        boolean issued = store.read(tx -> tx.installations().hasState("fresh", T0));
        boolean first = store.inTransaction(tx -> tx.installations().consumeState("fresh", T0));
        boolean again = store.inTransaction(tx -> tx.installations().consumeState("fresh", T0));
        boolean expired = store.inTransaction(tx -> tx.installations().consumeState("stale", T0.plusSeconds(600)));
        boolean forged = store.inTransaction(tx -> tx.installations().consumeState("never-issued", T0));
        int swept = store.inTransaction(tx -> tx.installations().deleteExpiredStates(T0));

        assertThat(issued).isTrue();
        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(expired).isFalse();
        assertThat(forged).isFalse();
        assertThat(swept).isEqualTo(1);
    }

    // --- web access: sign-in links, sessions, API tokens -------------------------------------------

    @Test
    void a_login_link_is_consumed_once_and_only_until_it_expires() {
        run(tx -> {
            tx.access().insertLoginLink("hash-fresh", "alice", T0, T0.plusSeconds(600));
            tx.access().insertLoginLink("hash-stale", "bob", T0, T0.plusSeconds(600));
        });

        Optional<String> first = tx((Transaction tx) -> tx.access().consumeLoginLink("hash-fresh", T0.plusSeconds(1)));
        Optional<String> again = tx((Transaction tx) -> tx.access().consumeLoginLink("hash-fresh", T0.plusSeconds(2)));
        Optional<String> expired = tx((Transaction tx) -> tx.access().consumeLoginLink("hash-stale", T0.plusSeconds(600)));
        Optional<String> forged = tx((Transaction tx) -> tx.access().consumeLoginLink("never-issued", T0));

        assertThat(first).contains("alice");
        assertThat(again).isEmpty();
        assertThat(expired).isEmpty();
        assertThat(forged).isEmpty();
    }

    @Test
    void of_two_consuming_one_link_at_once_only_one_gets_its_person() throws Exception {
        run(tx -> tx.access().insertLoginLink("hash-raced", "alice", T0, T0.plusSeconds(600)));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Optional<String>>> attempts = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < THREADS; i++) {
                attempts.add(pool.submit(() -> {
                    go.await();
                    return store.inTransaction((Transaction tx) -> tx.access().consumeLoginLink("hash-raced", T0.plusSeconds(1)));
                }));
            }
            go.countDown();
            int winners = 0;
            for (Future<Optional<String>> attempt : attempts) {
                winners += attempt.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_session_is_found_by_its_hash_until_it_expires_or_is_deleted() {
        run(tx -> {
            tx.access().insertSession("session-a", "alice", "csrf-a", T0, T0.plusSeconds(3600));
            tx.access().insertSession("session-b", "bob", "csrf-b", T0, T0.plusSeconds(3600));
        });

        assertThat(store.read((Transaction tx) -> tx.access().findSession("session-a", T0.plusSeconds(10))))
                .contains(new AccessRepository.StoredSession("alice", "csrf-a", T0.plusSeconds(3600)));
        assertThat(store.read((Transaction tx) -> tx.access().findSession("session-a", T0.plusSeconds(3600)))).isEmpty();
        assertThat(store.read((Transaction tx) -> tx.access().findSession("unknown", T0))).isEmpty();
        assertThat(tx((Transaction tx) -> tx.access().deleteSession("session-b"))).isTrue();
        assertThat(tx((Transaction tx) -> tx.access().deleteSession("session-b"))).isFalse();
        assertThat(store.read((Transaction tx) -> tx.access().findSession("session-b", T0))).isEmpty();
    }

    @Test
    void expired_sessions_and_links_are_swept_and_live_ones_kept() {
        run(tx -> {
            tx.access().insertSession("old-session", "alice", "c1", T0, T0.plusSeconds(60));
            tx.access().insertSession("live-session", "alice", "c2", T0, T0.plusSeconds(3600));
            tx.access().insertLoginLink("old-link", "alice", T0, T0.plusSeconds(60));
            tx.access().insertLoginLink("live-link", "alice", T0, T0.plusSeconds(3600));
        });

        int swept = tx((Transaction tx) -> tx.access().deleteExpired(T0.plusSeconds(60)));

        assertThat(swept).isEqualTo(2);
        assertThat(store.read((Transaction tx) -> tx.access().findSession("live-session", T0.plusSeconds(61)))).isPresent();
        assertThat(tx((Transaction tx) -> tx.access().consumeLoginLink("live-link", T0.plusSeconds(61)))).contains("alice");
    }

    @Test
    void an_api_token_is_found_until_revoked_and_its_name_stays_taken() {
        run(tx -> {
            tx.access().insertApiToken("ci", "alice", "hash-ci", T0);
            tx.access().insertApiToken("board", "U0001", "hash-board", T0.plusSeconds(1));
        });

        assertThat(store.read((Transaction tx) -> tx.access().findUnrevokedApiToken("hash-ci"))).contains("alice");
        run(tx -> tx.access().touchApiToken("hash-ci", T0.plusSeconds(5)));
        assertThat(tx((Transaction tx) -> tx.access().revokeApiToken("ci", T0.plusSeconds(9)))).isTrue();
        assertThat(tx((Transaction tx) -> tx.access().revokeApiToken("ci", T0.plusSeconds(10)))).isFalse();
        assertThat(tx((Transaction tx) -> tx.access().revokeApiToken("nonesuch", T0))).isFalse();

        assertThat(store.read((Transaction tx) -> tx.access().findUnrevokedApiToken("hash-ci"))).isEmpty();
        assertThat(store.read((Transaction tx) -> tx.access().findUnrevokedApiToken("hash-board"))).contains("U0001");
        assertThat(store.read((Transaction tx) -> tx.access().listApiTokens())).containsExactly(
                new ApiTokenInfo("board", "U0001", T0.plusSeconds(1), null, null),
                new ApiTokenInfo("ci", "alice", T0, T0.plusSeconds(5), T0.plusSeconds(9)));
        assertThatThrownBy(() -> run(tx -> tx.access().insertApiToken("ci", "bob", "hash-other", T0)))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> run(tx -> tx.access().insertApiToken("other", "bob", "hash-board", T0)))
                .isInstanceOf(ConflictException.class);
    }

    // --- audit search and deployments by state ---------------------------------------------------

    private void audit(Instant at, String actor, String action, String project, String environment) {
        run(tx -> tx.audit().record(new AuditEvent(0, at, actor, action, project, environment, null, "")));
    }

    @Test
    void audit_search_filters_by_each_field_newest_first() {
        audit(T0, "alice", "deploy.requested", "api", "production");
        audit(T0.plusSeconds(10), "bob", "deploy.approved", "api", "production");
        audit(T0.plusSeconds(20), "alice", "lock", "api", "staging");
        audit(T0.plusSeconds(30), "carol", "web.signed_in", null, null);
        audit(T0.plusSeconds(40), "alice", "deployer", "web", null);

        assertThat(actions(AuditQuery.all(10)))
                .containsExactly("deployer", "web.signed_in", "lock", "deploy.approved", "deploy.requested");
        assertThat(actions(new AuditQuery("api", "production", null, null, null, null, 10)))
                .containsExactly("deploy.approved", "deploy.requested");
        assertThat(actions(new AuditQuery(null, null, "alice", null, null, null, 10)))
                .containsExactly("deployer", "lock", "deploy.requested");
        assertThat(actions(new AuditQuery(null, null, null, "deploy.", null, null, 10)))
                .containsExactly("deploy.approved", "deploy.requested");
        assertThat(actions(new AuditQuery(null, null, null, "deploy*", null, null, 10)))
                .containsExactly("deployer", "deploy.approved", "deploy.requested");
        assertThat(actions(new AuditQuery(null, null, null, "deploy", null, null, 10))).isEmpty();
        assertThat(actions(new AuditQuery(null, null, null, "lock", null, null, 10))).containsExactly("lock");
        assertThat(actions(new AuditQuery(null, null, null, "*", null, null, 10))).hasSize(5);
        assertThat(actions(new AuditQuery(null, null, null, null, T0.plusSeconds(10), T0.plusSeconds(30), 10)))
                .containsExactly("lock", "deploy.approved");
        assertThat(actions(new AuditQuery(null, null, null, null, null, null, 2)))
                .containsExactly("deployer", "web.signed_in");
        assertThat(store.read((Transaction tx) -> tx.audit().count(new AuditQuery(null, null, "alice", null, null, null, 1))))
                .isEqualTo(3);
        assertThat(store.read((Transaction tx) -> tx.audit().count(new AuditQuery("api", null, null, "deploy.", T0.plusSeconds(1),
                null, 1)))).isEqualTo(1);
    }

    @Test
    void audit_search_takes_injection_looking_values_as_data() {
        audit(T0, "alice", "deploy.requested", "api", "production");
        audit(T0, "x' OR '1'='1", "lock%", "a_i", "prod'; DROP TABLE audit_events; --");

        for (String evil : List.of("' OR '1'='1", "x' OR '1'='1' --", "%", "_", "api' --", "a%")) {
            assertThat(actions(new AuditQuery(evil, null, null, null, null, null, 10))).isEmpty();
            assertThat(actions(new AuditQuery(null, evil, null, null, null, null, 10))).isEmpty();
            assertThat(actions(new AuditQuery(null, null, evil, null, null, null, 10))).isEmpty();
            assertThat(actions(new AuditQuery(null, null, null, evil, null, null, 10))).isEmpty();
            assertThat(store.read((Transaction tx) -> tx.audit().count(new AuditQuery(evil, null, null, null, null, null, 1))))
                    .isZero();
        }
        // A LIKE wildcard in a prefix is only itself; the odd values are found exactly as written.
        assertThat(actions(new AuditQuery(null, null, null, "lock%*", null, null, 10))).containsExactly("lock%");
        assertThat(actions(new AuditQuery(null, null, null, "l_ck*", null, null, 10))).isEmpty();
        assertThat(actions(new AuditQuery("a_i", "prod'; DROP TABLE audit_events; --", "x' OR '1'='1", null, null,
                null, 10))).containsExactly("lock%");
        assertThat(actions(AuditQuery.all(10))).hasSize(2);
    }

    @Test
    void an_audit_query_refuses_a_limit_out_of_range_and_a_backwards_period() {
        assertThatThrownBy(() -> AuditQuery.all(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditQuery.all(1001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditQuery(null, null, null, null, T0, T0.minusSeconds(1), 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<String> actions(AuditQuery query) {
        return store.read((Transaction tx) -> tx.audit().search(query)).stream().map(AuditEvent::action).toList();
    }

    @Test
    void recent_deployments_filter_by_any_of_several_states() {
        Deployment waiting = insert(requestedAt("api", "production", T0));
        Deployment done = succeed(insert(requestedAt("api", "production", T0.plusSeconds(1))));
        Deployment failed = finish(insert(requestedAt("api", "staging", T0.plusSeconds(2))), DeploymentState.FAILED);
        Deployment other = succeed(insert(requestedAt("web", "production", T0.plusSeconds(3))));

        assertThat(ids(tx -> tx.deployments().listRecent(null, null,
                java.util.EnumSet.of(DeploymentState.SUCCEEDED, DeploymentState.FAILED), 10)))
                .containsExactly(other.id(), failed.id(), done.id());
        assertThat(ids(tx -> tx.deployments().listRecent("api", null, java.util.EnumSet.of(DeploymentState.SUCCEEDED,
                DeploymentState.FAILED), 10))).containsExactly(failed.id(), done.id());
        assertThat(ids(tx -> tx.deployments().listRecent("api", "production",
                java.util.EnumSet.of(DeploymentState.REQUESTED), 10))).containsExactly(waiting.id());
        assertThat(ids(tx -> tx.deployments().listRecent("api", null, java.util.Set.of(), 10)))
                .containsExactly(failed.id(), done.id(), waiting.id());
        assertThat(ids(tx -> tx.deployments().listRecent(null, null, null, 2))).containsExactly(other.id(), failed.id());
        assertThat(ids(tx -> tx.deployments().listRecent("api' OR '1'='1", null, null, 10))).isEmpty();
        assertThat(ids(tx -> tx.deployments().listRecent(null, null, 10)))
                .containsExactly(other.id(), failed.id(), done.id(), waiting.id());
    }

    private List<Long> ids(Store.TransactionWork<List<Deployment>> work) {
        return store.read(work).stream().map(Deployment::id).toList();
    }
}
