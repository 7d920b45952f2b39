package dev.slipway.app.job;

import dev.slipway.store.Job;

/**
 * Does one kind of job. A handler may run more than once for the same job (after a crash, or a retry), so it
 * must look at the stored state first and do only what is left.
 */
public interface JobHandler {
    String kind();

    /**
     * Does the job. Throws {@link RetryLater} (or a retryable backend error) to be tried again with backoff,
     * any other exception to be retried up to the attempt cap, and {@link InterruptedException} when the
     * worker is stopping: the job is then handed back untouched.
     */
    void handle(Job job) throws Exception;

    /** Called once when the job will not be tried again, with the last error, so the handler can record the failure. */
    default void giveUp(Job job, String lastError) {
    }
}
