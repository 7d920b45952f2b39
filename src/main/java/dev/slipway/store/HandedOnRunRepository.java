package dev.slipway.store;

import dev.slipway.domain.HandedOnRun;
import dev.slipway.domain.StartAttempt;
import java.util.Optional;

/**
 * Runs that deployments' backends handed on to another provider, one per deployment and provider. Like a
 * deployment's own run, the start is committed before the provider is asked ({@link #recordAttempt}), so a start
 * in doubt is known as such.
 */
public interface HandedOnRunRepository {

    /** Commits the intent to start the run; false, changing nothing, when one was committed already. */
    boolean recordAttempt(long deploymentId, String provider, StartAttempt attempt);

    Optional<HandedOnRun> find(long deploymentId, String provider);

    /** Records the started run's id and link. Throws {@link ConflictException} if another deployment has that run. */
    void recordRun(long deploymentId, String provider, String runId, String runUrl);

    /** Records that the first provider was told the run started; the first time counts. */
    void recordTold(long deploymentId, String provider, java.time.Instant at);

    /** Forgets the attempt {@code key} of a start the provider certainly did not make; another key stays. */
    void clearAttempt(long deploymentId, String provider, String key);

    /** The deployment whose handed-on run of {@code provider} has the id {@code runId}. */
    Optional<Long> findDeployment(String provider, String runId);
}
