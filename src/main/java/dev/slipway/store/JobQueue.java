package dev.slipway.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The durable job queue. A claimed job is leased to one worker until its lease runs out; a worker that
 * dies leaves it to be claimed again once the lease has expired, so jobs survive restarts and crashes. Each claim
 * carries a lease token: a worker whose lease ran out and whose job was claimed again can neither finish, retry
 * nor fail it, nor commit writes fenced by it ({@link LeaseFence}).
 */
public interface JobQueue {

    /** Adds a pending job due at {@code runAt}; returns its id. */
    long enqueue(String kind, String payload, String serialKey, Instant runAt);

    /**
     * Adds a pending job due at {@code runAt} unless one of the same kind and payload, due no later, waits for a
     * worker unclaimed: that one will do what this one would, after this transaction. For jobs that only look at what
     * is stored when they run. Returns whether it added one.
     */
    boolean enqueueUnlessWaiting(String kind, String payload, Instant runAt);

    /**
     * Leases the job due longest (earliest run time, then lowest id) of one of {@code kinds} (the kinds this worker
     * can handle) to {@code worker} until {@code now + lease}, under a new lease token the returned job carries, and
     * counts an attempt. A job is due when it is pending, its run time has come, no live lease holds it, and no
     * pending job with the same serial key and a lower id exists. Two workers never get the same job while a lease
     * is live, and a new claim replaces the token of any earlier one.
     */
    Optional<Job> claimNext(String worker, Instant now, Duration lease, Collection<String> kinds);

    /*
     * The methods below act on a job for the claim that returned {@code claimed} only: each returns false, and
     * changes nothing, when the job is no longer pending under that claim's lease token (another worker claimed it
     * since, or it was finished).
     */

    /** Extends the claim's lease until {@code until}. */
    boolean extendLease(Job claimed, Instant until);

    /**
     * True when the claim still holds the job under a live lease. Called first in a transaction the claim's handler
     * writes in ({@link LeaseFence}): where the database locks rows, it also locks the job's row until that
     * transaction ends, so no other worker can claim the job before the handler's writes are committed.
     */
    boolean holdLease(Job claimed);

    /** Marks the job done and drops its lease. */
    boolean complete(Job claimed);

    /** Puts the job back as pending, due at {@code runAt}, without its lease, remembering the error. */
    boolean retryAt(Job claimed, Instant runAt, String lastError);

    /** Puts the job back as pending, due at {@code runAt}, without its lease and without counting the attempt. */
    boolean postpone(Job claimed, Instant runAt);

    /** Hands the job back untouched (for a shutdown): pending, no lease, and the attempt not counted. */
    boolean release(Job claimed);

    /** Marks the job failed for good. */
    boolean fail(Job claimed, String lastError);

    Optional<Job> findById(long jobId);

    /** Pending jobs, due or not, oldest first. */
    List<Job> listPending();

    /** The queue now, counting only jobs of {@code kinds}; see {@link JobStats}. */
    JobStats stats(Instant now, Collection<String> kinds);
}
