package dev.slipway.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The durable job queue. A claimed job is leased to one worker until its lease runs out; a worker that
 * dies leaves it to be claimed again once the lease has expired, so jobs survive restarts and crashes.
 */
public interface JobQueue {

    /** Adds a pending job due at {@code runAt}; returns its id. */
    long enqueue(String kind, String payload, String serialKey, Instant runAt);

    /**
     * Leases the job due longest (earliest run time, then lowest id) of one of {@code kinds} (the kinds this worker can handle) to {@code worker} until {@code now + lease} and counts an attempt.
     * A job is due when it is pending, its run time has come, no live lease holds it, and no pending job with
     * the same serial key and a lower id exists. Two workers never get the same job while a lease is live.
     */
    Optional<Job> claimNext(String worker, Instant now, Duration lease, Collection<String> kinds);

    /** Extends a lease this worker holds; false when it no longer holds it. */
    boolean extendLease(long jobId, String worker, Instant until);

    /** Marks the job done and drops its lease. */
    void complete(long jobId);

    /** Puts the job back as pending, due at {@code runAt}, without its lease, remembering the error. */
    void retryAt(long jobId, Instant runAt, String lastError);

    /** Puts the job back as pending, due at {@code runAt}, without its lease and without counting the attempt. */
    void postpone(long jobId, Instant runAt);

    /** Hands the job back untouched (for a shutdown): pending, no lease, and the attempt not counted. */
    void release(long jobId);

    /** Marks the job failed for good. */
    void fail(long jobId, String lastError);

    Optional<Job> findById(long jobId);

    /** Pending jobs, due or not, oldest first. */
    List<Job> listPending();
}
