package dev.slipway.domain.rule;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Refusal;
import dev.slipway.domain.WhenBusy;
import java.time.Duration;

/**
 * One deployment at a time per environment: while one holds it, the next waits its turn in the queue ("queued
 * behind #41 (running, 2 of 3 min)"), or with {@code whenBusy: refuse} is refused, naming who holds it.
 */
public final class OneAtATimeRule implements Rule {
    @Override
    public Ruling check(Attempt attempt) {
        if (!attempt.isDeploy() || (attempt.holder().isEmpty() && attempt.ahead().isEmpty())) {
            return Ruling.PASS;
        }
        if (attempt.stage() != Stage.START && attempt.environment().policy().whenBusy() == WhenBusy.REFUSE) {
            return Ruling.refuse(busy(attempt.holder().orElseGet(() -> attempt.ahead().first().orElseThrow())));
        }
        Deployment before = attempt.ahead().last().orElseGet(() -> attempt.holder().orElseThrow());
        return Ruling.waitAs(DeploymentState.QUEUED, "queued behind #%d (%s), position %d".formatted(before.id(),
                progress(before, attempt), attempt.ahead().size() + 1));
    }

    /** "running, 2 of 3 min", "queued", "running, 4 min". */
    private static String progress(Deployment d, Attempt attempt) {
        if (d.state() != DeploymentState.RUNNING || d.startedAt() == null) {
            return d.state().label();
        }
        long elapsed = Math.max(0, Duration.between(d.startedAt(), attempt.now()).toMinutes());
        return attempt.usual().map(usual -> "running, %d of %d min".formatted(elapsed, Math.max(1, usual.toMinutes())))
                .orElse("running, %d min".formatted(elapsed));
    }

    /** The refusal for an environment held by {@code active}; also used when the database catches a race. */
    public static Refusal busy(Deployment active) {
        return new Refusal(ErrorCode.ENVIRONMENT_BUSY,
                "%s %s is busy: deployment #%d of %s by %s is %s. Wait for it or `cancel %d`.".formatted(
                        active.project(), active.environment(), active.id(), active.ref(), active.requestedBy(),
                        active.state().label(), active.id()));
    }
}
