package dev.slipway.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A run that a deployment's backend handed on to another provider (the CircleCI pipeline that carries on a GitHub
 * deployment): the start committed for it and, once started, the provider's id of it.
 *
 * @param provider the type of backend that runs it ({@code circleci})
 * @param runId    the provider's id of the run, or null while its start is in doubt
 * @param runUrl   where a person watches it, or null
 * @param toldAt   when the first provider was told that it started, or null while it has not been
 */
public record HandedOnRun(long deploymentId, String provider, StartAttempt attempt, String runId, String runUrl,
                          Instant toldAt) {
    public HandedOnRun {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(attempt, "attempt");
    }

    public boolean started() {
        return runId != null;
    }
}
