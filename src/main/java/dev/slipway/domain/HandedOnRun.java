package dev.slipway.domain;

import java.util.Objects;

/**
 * A run that a deployment's backend handed on to another provider (the CircleCI pipeline that carries on a GitHub
 * deployment): the start committed for it and, once started, the provider's id of it.
 *
 * @param provider the type of backend that runs it ({@code circleci})
 * @param runId    the provider's id of the run, or null while its start is in doubt
 * @param runUrl   where a person watches it, or null
 */
public record HandedOnRun(long deploymentId, String provider, StartAttempt attempt, String runId, String runUrl) {
    public HandedOnRun {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(attempt, "attempt");
    }

    public boolean started() {
        return runId != null;
    }
}
