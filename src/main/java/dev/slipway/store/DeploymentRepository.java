package dev.slipway.store;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.StartAttempt;
import java.util.List;
import java.util.Optional;

/** Deployments, their state and their output. */
public interface DeploymentRepository {

    /**
     * Stores a new deployment (its id is ignored) and returns it with the id the database gave it.
     * Throws {@link ConflictException} if it is active and another active one holds the same project and environment.
     */
    Deployment insert(Deployment deployment);

    Optional<Deployment> findById(long id);

    /** The active deployment (requested, awaiting approval, queued or running) of a project and environment. */
    Optional<Deployment> findActive(String project, String environment);

    /** Every active deployment, oldest first. */
    List<Deployment> listActive();

    /** Newest first; {@code project} and {@code environment} filter when not null. */
    List<Deployment> listRecent(String project, String environment, int limit);

    /** The newest succeeded deployment of a project and environment. */
    Optional<Deployment> findLastSucceeded(String project, String environment);

    /**
     * The newest deployment reported in {@code thread} of {@code channel}: asked for by a message with that ts,
     * or reported in a chat message with that ts (its message reference).
     */
    Optional<Deployment> findByThread(String channel, String thread);

    /** Deployments whose backend run has this handle (a pipeline id), newest first. */
    List<Deployment> listByExternalId(String externalId);

    /**
     * Overwrites every mutable field (state, times, external id and url, summary, tail, message ref) of the
     * stored deployment with the same id, but only if its stored state is still {@code expectedState}.
     * Returns false, and changes nothing, when it is not: somebody else moved it first.
     */
    boolean update(Deployment deployment, dev.slipway.domain.DeploymentState expectedState);

    /**
     * Commits the intent to start the deployment's run, writing only the start attempt, and only if none is recorded:
     * returns false, changing nothing, when another start was committed first.
     */
    boolean recordStartAttempt(long deploymentId, StartAttempt attempt);

    /** The committed start of a deployment's run, if any. */
    Optional<StartAttempt> findStartAttempt(long deploymentId);

    /**
     * Forgets the start attempt {@code key}, writing only that, for a start the backend certainly did not make;
     * a later start commits a new one. Another key is left as it is.
     */
    void clearStartAttempt(long deploymentId, String key);

    /** Stores the full output of a deployment's run, replacing any stored before. */
    void saveOutput(long deploymentId, String output);

    Optional<String> findOutput(long deploymentId);
}
