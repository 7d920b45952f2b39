package dev.slipway.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The intent to start a deployment's run, committed before the backend is asked: a key no other start shares, and
 * when it was committed. A deployment that has one but no run handle is a start in doubt.
 *
 * @param key a random key, passed to providers that keep it with the run (a pipeline variable)
 * @param at  when it was committed; a run it started cannot be older
 */
public record StartAttempt(String key, Instant at) {
    public StartAttempt {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(at, "at");
    }

    public static StartAttempt newAt(Instant now) {
        return new StartAttempt(java.util.UUID.randomUUID().toString(), now);
    }
}
