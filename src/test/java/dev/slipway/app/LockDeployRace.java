package dev.slipway.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.app.command.Command;
import dev.slipway.app.command.CommandDispatcher;
import dev.slipway.app.command.Invocation;
import dev.slipway.app.command.Reply;
import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Environment;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Policy;
import dev.slipway.domain.Project;
import dev.slipway.domain.Projects;
import dev.slipway.domain.rule.Rules;
import dev.slipway.store.GroupCommit;
import dev.slipway.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A lock and a deployment of the same environment, sent at the same instant to two replicas (two stores, two
 * connection pools, one database), many times over, through the services a chat command reaches. Whichever
 * commits first comes first in the audit and is seen by the other: a deployment after a lock is refused by it;
 * a lock after an accepted deployment says that deployment is in flight and goes on.
 */
public abstract class LockDeployRace {
    private static final int ROUNDS = 200;
    private static final Duration BUDGET = Duration.ofSeconds(60);
    private static final Environment STAGING = new Environment("staging", Policy.open(), "script", null);
    private static final Project API = new Project("api", "API", List.of("owner"), List.of(), "C42", "staging",
            Map.of("staging", STAGING));
    private static final ChatOrigin ORIGIN = new ChatOrigin("slack", "C42", "1717171717.000100");

    private final List<Replica> replicas = new ArrayList<>();
    private ExecutorService threads;

    /** Opens one replica's store on the database the whole test shares; called twice. */
    protected abstract Store openReplica();

    private record Replica(Store database, GroupCommit store, CommandDispatcher dispatcher, DeployService deployments,
                           LockService locks) {
    }

    @BeforeEach
    void startTwoReplicas() {
        for (int i = 0; i < 2; i++) {
            Clock clock = Clock.systemUTC();
            Store database = openReplica();
            GroupCommit store = new GroupCommit(database, 256);
            Catalog catalog = new Catalog(new Projects(List.of(API)));
            DeployService deployments = new DeployService(store, catalog, Rules.standard(),
                    new Transitions(clock), clock);
            LockService locks = new LockService(store, catalog, clock);
            replicas.add(new Replica(database, store, new CommandDispatcher(deployments, locks, null, null, null, null, null),
                    deployments, locks));
        }
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stopReplicas() {
        threads.shutdownNow();
        for (Replica replica : replicas) {
            replica.store().close();
            replica.database().close();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void a_lock_and_a_deployment_at_the_same_instant_are_audited_in_the_order_they_took_effect() throws Exception {
        List<String> wrongOrder = new ArrayList<>();
        List<String> silentLocks = new ArrayList<>();
        List<String> otherFaults = new ArrayList<>();
        int deployedFirst = 0;
        int lockedFirst = 0;
        int rounds = 0;
        Instant deadline = Instant.now().plus(BUDGET);
        while (rounds < ROUNDS && Instant.now().isBefore(deadline)) {
            rounds++;
            // Alternate which replica locks, so neither pool is always the faster one.
            Replica locker = replicas.get(rounds % 2);
            Replica deployer = replicas.get((rounds + 1) % 2);
            long before = lastAuditId(locker);
            String requestKey = "round-" + rounds;

            CyclicBarrier start = new CyclicBarrier(2);
            Future<Reply> lockReply = threads.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return locker.dispatcher().dispatch(new Command.Lock("api", "staging", "freeze"),
                        new Invocation("bob", ORIGIN, null));
            });
            Future<Reply> deployReply = threads.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return deployer.dispatcher().dispatch(new Command.Deploy("api", "main", "staging"),
                        new Invocation("ana", ORIGIN, requestKey));
            });
            Reply locked = lockReply.get(30, TimeUnit.SECONDS);
            Reply deployed = deployReply.get(30, TimeUnit.SECONDS);

            List<AuditEvent> events = auditSince(locker, before);
            long lockEvent = idOf(events, "lock");
            long deployEvent = idOf(events, "deployment.queued");
            String round = "round %d: lock \"%s\", deploy \"%s\", audit %s".formatted(rounds, locked.text(),
                    deployed.text(), events.stream().map(e -> e.id() + " " + e.action()).toList());

            if (locked.isRefusal() || lockEvent < 0) {
                otherFaults.add(round);
            } else if (deployed.deploymentId().isPresent()) {
                deployedFirst++;
                long id = deployed.deploymentId().get();
                if (deployEvent < 0 || deployEvent > lockEvent) {
                    wrongOrder.add(round);
                }
                if (!locked.text().contains("#" + id + " by <@ana> is already in flight and goes on")) {
                    silentLocks.add(round);
                }
                deployer.deployments().cancel(id, "ana");
            } else if (deployed.refusal().equals(Optional.of(ErrorCode.LOCKED))) {
                lockedFirst++;
                if (deployEvent >= 0 || locked.text().contains("in flight")) {
                    otherFaults.add(round);
                }
            } else {
                otherFaults.add(round);
            }
            locker.locks().unlock("api", "staging", "bob");
        }

        String tally = "%d rounds: deployment first %d, lock first %d; audit order wrong in %d, lock reply silent about"
                + " the deployment in flight in %d, other faults %d";
        String summary = tally.formatted(rounds, deployedFirst, lockedFirst, wrongOrder.size(), silentLocks.size(),
                otherFaults.size());
        System.out.println(getClass().getSimpleName() + ": " + summary);
        assertThat(rounds).as("rounds run within %s", BUDGET).isGreaterThanOrEqualTo(50);
        assertThat(wrongOrder).as(summary).isEmpty();
        assertThat(silentLocks).as(summary).isEmpty();
        assertThat(otherFaults).as(summary).isEmpty();
    }

    private static long lastAuditId(Replica replica) {
        return replica.store().read(tx -> tx.audit().listRecent("api", 1)).stream()
                .mapToLong(AuditEvent::id).findFirst().orElse(0);
    }

    private static List<AuditEvent> auditSince(Replica replica, long after) {
        return replica.store().read(tx -> tx.audit().listRecent("api", 20)).stream()
                .filter(e -> e.id() > after)
                .sorted(Comparator.comparingLong(AuditEvent::id))
                .toList();
    }

    private static long idOf(List<AuditEvent> events, String action) {
        return events.stream().filter(e -> e.action().equals(action)).mapToLong(AuditEvent::id).findFirst().orElse(-1);
    }
}
