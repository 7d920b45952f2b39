package dev.slipway.domain.rule;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.Environment;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.Freeze;
import dev.slipway.domain.Project;
import dev.slipway.domain.QueueAhead;
import dev.slipway.domain.RefKind;
import dev.slipway.domain.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a rule may look at: who wants to do what, where, and what stands there now. Start from
 * {@link #of} and add what the action involves.
 *
 * @param environment the environment acted on; null for what concerns a whole project
 * @param ref         the ref a deployment ships, of grammar {@code refKind}; null for other actions
 * @param holder      the deployment that holds the environment now (queued to start or running)
 * @param ahead       the deployments queued before this one
 * @param subject     the deployment acted on (cancelled, confirmed, approved…), if any
 * @param verdicts    approvers' words that count: on the subject, or on the build a promotion ships
 * @param forced      an owner's reason for pushing a deployment through a freeze; null when not forced
 * @param knownRef    whether the ref succeeded here before (a rollback's), which the allowed refs do not refuse
 * @param mayWait     whether a deployment missing approvals waits for them (false: it is refused)
 * @param usual       how long a deployment here usually takes, to tell a queue's wait; empty when unknown
 */
public record Attempt(Action action, Stage stage, Project project, Environment environment, String user, Instant now,
                      String ref, RefKind refKind, Optional<EnvironmentLock> lock, Optional<Deployment> holder,
                      QueueAhead ahead, Optional<Freeze> freeze, Optional<Deployment> subject,
                      List<Verdict> verdicts, String forced, boolean knownRef, boolean mayWait,
                      Optional<Duration> usual) {
    public Attempt {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(ahead, "ahead");
        verdicts = List.copyOf(verdicts);
    }

    /** {@code user} asks to take {@code action} on {@code project}'s {@code environment} (null: the whole project). */
    public static Attempt of(Action action, Project project, Environment environment, String user, Instant now) {
        return new Attempt(action, Stage.REQUEST, project, environment, user, now, null, null, Optional.empty(),
                Optional.empty(), QueueAhead.EMPTY, Optional.empty(), Optional.empty(), List.of(), null, false, true,
                Optional.empty());
    }

    /** A deployment of {@code ref}, of grammar {@code kind}, at {@code stage}. */
    public Attempt deploying(String newRef, RefKind kind, Stage newStage) {
        return new Attempt(action, newStage, project, environment, user, now, newRef, kind, lock, holder, ahead, freeze,
                subject, verdicts, forced, knownRef, mayWait, usual);
    }

    /** What stands in the environment: its lock, its holder, the queue before this one, a freeze in force. */
    public Attempt standing(Optional<EnvironmentLock> newLock, Optional<Deployment> newHolder,
                            QueueAhead newAhead, Optional<Freeze> newFreeze, Optional<Duration> newUsual) {
        return new Attempt(action, stage, project, environment, user, now, ref, refKind, newLock, newHolder, newAhead,
                newFreeze, subject, verdicts, forced, knownRef, mayWait, newUsual);
    }

    public Attempt on(Deployment deployment) {
        return new Attempt(action, stage, project, environment, user, now, ref, refKind, lock, holder, ahead, freeze,
                Optional.of(deployment), verdicts, forced, knownRef, mayWait, usual);
    }

    public Attempt withLock(Optional<EnvironmentLock> newLock) {
        return new Attempt(action, stage, project, environment, user, now, ref, refKind, newLock, holder, ahead, freeze,
                subject, verdicts, forced, knownRef, mayWait, usual);
    }

    public Attempt withVerdicts(List<Verdict> newVerdicts, boolean newMayWait) {
        return new Attempt(action, stage, project, environment, user, now, ref, refKind, lock, holder, ahead, freeze,
                subject, newVerdicts, forced, knownRef, newMayWait, usual);
    }

    public Attempt forcedBecause(String reason) {
        return new Attempt(action, stage, project, environment, user, now, ref, refKind, lock, holder, ahead, freeze,
                subject, verdicts, reason, knownRef, mayWait, usual);
    }

    public Attempt withKnownRef(boolean known) {
        return new Attempt(action, stage, project, environment, user, now, ref, refKind, lock, holder, ahead, freeze,
                subject, verdicts, forced, known, mayWait, usual);
    }

    /** The environment's name, or the project's for what concerns all of it. */
    public String where() {
        return environment == null ? project.id() : project.id() + " " + environment.name();
    }

    public boolean isDeploy() {
        return action == Action.DEPLOY;
    }
}
