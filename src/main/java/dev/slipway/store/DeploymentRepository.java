package dev.slipway.store;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.QueueAhead;
import dev.slipway.domain.StartAttempt;
import dev.slipway.domain.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * Deployments, their state and their output. Each writer changes only the columns it owns, so writers in
 * different transactions (or on different replicas) that read the same row earlier never put back each other's
 * values: a state move ({@link #moveState}), the backend run ({@link #recordRun}), the chat message
 * ({@link #recordMessage}).
 */
public interface DeploymentRepository {

    /**
     * Stores a new deployment (its id is ignored) and returns it with the id the database gave it.
     * Throws {@link ConflictException} if it is active and another active one holds the same project and environment.
     */
    Deployment insert(Deployment deployment);

    Optional<Deployment> findById(long id);

    /**
     * The deployment that holds a project's environment: the one dispatched from its queue ({@link #dispatch}), queued
     * to start or running. At most one does.
     */
    Optional<Deployment> findActive(String project, String environment);

    /**
     * The deployments of a project's environment that wait: for their requester's confirmation, for approvals, or
     * in its queue for their turn (queued, not yet dispatched); oldest first, the queue's order.
     */
    List<Deployment> listWaiting(String project, String environment);

    /**
     * The deployments of a project's environment queued for their turn (not those waiting for a confirmation or for
     * approvals): how many, the oldest and the newest; its cost does not grow with the queue.
     */
    QueueAhead queueAhead(String project, String environment);

    /** Whether any deployment of a project's environment is queued for its turn: one indexed row read at most. */
    boolean hasQueued(String project, String environment);

    /**
     * Takes a queued deployment out of its environment's queue to start: it now holds the environment. Returns false,
     * changing nothing, when it is no longer queued or was dispatched already.
     * Throws {@link ConflictException} if another deployment holds the environment.
     */
    boolean dispatch(long deploymentId, java.time.Instant at);

    /** Records an owner's reason for pushing a deployment through a change freeze. */
    void recordForced(long deploymentId, String reason);

    /** Why a deployment was pushed through a change freeze, if it was. */
    Optional<String> findForcedReason(long deploymentId);

    /** The deployment of a project's environment that succeeded last before deployment {@code beforeId} ended. */
    Optional<Deployment> findSucceededBefore(String project, String environment, long beforeId);

    /** Whether {@code ref} was ever deployed to a project's environment with success. */
    boolean hasSucceededWith(String project, String environment, String ref);

    /** Keeps an approver's word on a deployment, replacing their earlier one. */
    void saveApproval(Verdict verdict);

    /** Each approver's latest word on a deployment, oldest first. */
    List<Verdict> listApprovals(long deploymentId);

    /** Keeps the message an approver was sent about a deployment, to update it in place. */
    void saveApprovalMessage(long deploymentId, String recipient, String messageRef);

    Optional<String> findApprovalMessage(long deploymentId, String recipient);

    /** Every active deployment, oldest first. */
    List<Deployment> listActive();

    /** Newest first; {@code project} and {@code environment} filter when not null. */
    List<Deployment> listRecent(String project, String environment, int limit);

    /**
     * Newest first; {@code project} and {@code environment} filter when not null, {@code states} when neither
     * null nor empty (any of them).
     */
    List<Deployment> listRecent(String project, String environment, java.util.Set<DeploymentState> states, int limit);

    /** Recent deployments to any environment whose name starts with {@code prefix}, newest first. */
    List<Deployment> listRecentInEnvironments(String prefix, int limit);

    /** The succeeded deployment of a project and environment that ended last: what runs there now. */
    Optional<Deployment> findLastSucceeded(String project, String environment);

    /**
     * The newest deployment reported in {@code thread} of {@code channel}: asked for by a message with that ts,
     * or reported in a chat message with that ts (its message reference).
     */
    Optional<Deployment> findByThread(String channel, String thread);

    /** Deployments whose backend run has this handle (a pipeline id), newest first. */
    List<Deployment> listByExternalId(String externalId);

    /**
     * Moves the stored deployment with the same id to {@code moved}'s state, writing only what a move owns: the
     * state, its times (updated, started, finished), the summary and the output tail; never the run or the chat
     * message, which other writers own. Only if its stored state is still {@code expectedState}: returns false,
     * and changes nothing, when somebody else moved it first.
     * Throws {@link ConflictException} if the move makes it active while another active one holds its place.
     */
    boolean moveState(Deployment moved, DeploymentState expectedState);

    /**
     * Records the backend run of a deployment (its handle and link), whatever its state, and nothing else.
     * Returns false when there is no such deployment.
     */
    boolean recordRun(long deploymentId, String externalId, String externalUrl);

    /**
     * Records the chat message that reports a deployment, whatever its state, and nothing else.
     * Returns false when there is no such deployment.
     */
    boolean recordMessage(long deploymentId, String messageRef);

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

    /** Keeps a runbook run's arguments, secret ones included, until {@link #forgetArguments}. */
    void recordArguments(long deploymentId, java.util.Map<String, String> arguments);

    /** The run's arguments in the order given, or empty when it has none or they were forgotten. */
    java.util.Map<String, String> findArguments(long deploymentId);

    /** Forgets the run's arguments, once its run has started and they are needed no more. */
    void forgetArguments(long deploymentId);

    /** Stores the full output of a deployment's run, replacing any stored before. */
    void saveOutput(long deploymentId, String output);

    Optional<String> findOutput(long deploymentId);
}
