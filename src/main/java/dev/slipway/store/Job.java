package dev.slipway.store;

import java.time.Instant;

/**
 * A unit of background work, stored before it is done.
 *
 * @param kind       which handler runs it
 * @param payload    the handler's input, usually a deployment id
 * @param serialKey  jobs with the same non-null key run one at a time, in id order
 * @param attempts   how many times it has been claimed
 * @param status     {@code pending}, {@code done} or {@code failed}
 * @param leaseToken the claim that returned this job (null otherwise): the queue acts on a claimed job, and
 *                   fences writes, only for the claim whose token is still stored
 */
public record Job(long id, String kind, String payload, String serialKey, Instant runAt, int attempts,
                  String status, String lastError, String leaseToken) {
    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    /** A job as stored, not claimed by anyone through this value. */
    public Job(long id, String kind, String payload, String serialKey, Instant runAt, int attempts, String status,
               String lastError) {
        this(id, kind, payload, serialKey, runAt, attempts, status, lastError, null);
    }
}
