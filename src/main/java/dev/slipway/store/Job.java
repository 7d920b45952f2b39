package dev.slipway.store;

import java.time.Instant;

/**
 * A unit of background work, stored before it is done.
 *
 * @param kind      which handler runs it
 * @param payload   the handler's input, usually a deployment id
 * @param serialKey jobs with the same non-null key run one at a time, in id order
 * @param attempts  how many times it has been claimed
 * @param status    {@code pending}, {@code done} or {@code failed}
 */
public record Job(long id, String kind, String payload, String serialKey, Instant runAt, int attempts,
                  String status, String lastError) {
    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
}
