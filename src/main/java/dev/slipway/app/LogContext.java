package dev.slipway.app;

import dev.slipway.domain.Deployment;
import org.slf4j.MDC;

/**
 * What the log lines of the work under way are about, as fields of the JSON log ({@code SLIPWAY_LOG_FORMAT=json}):
 * the job a worker runs and the deployment it concerns. The worker clears them after each job.
 */
public final class LogContext {
    public static final String JOB_ID = "job_id";
    public static final String JOB_KIND = "job_kind";
    public static final String DEPLOYMENT_ID = "deployment_id";
    public static final String PROJECT = "project";
    public static final String ENVIRONMENT = "environment";

    private LogContext() {
    }

    /** The following lines of this thread's work are about {@code deployment}. */
    public static void deployment(Deployment deployment) {
        MDC.put(DEPLOYMENT_ID, Long.toString(deployment.id()));
        MDC.put(PROJECT, deployment.project());
        MDC.put(ENVIRONMENT, deployment.environment());
    }

    /** The following lines of this thread are about job {@code id} of {@code kind}. */
    public static void job(long id, String kind) {
        MDC.put(JOB_ID, Long.toString(id));
        MDC.put(JOB_KIND, kind);
    }

    /** Forgets the job and the deployment, once this thread's work on them is done. */
    public static void clear() {
        MDC.remove(JOB_ID);
        MDC.remove(JOB_KIND);
        MDC.remove(DEPLOYMENT_ID);
        MDC.remove(PROJECT);
        MDC.remove(ENVIRONMENT);
    }
}
