package dev.slipway.backend.script;

import java.time.Duration;

/**
 * How a {@code script} backend deploys: the shell command to run, where, and for how long at most.
 *
 * @param command run with {@code /bin/sh -c}; may use the deployment placeholders ({@code {{ref}}} ...)
 * @param workdir directory the command runs in, or null for Slipway's own; may use placeholders too
 * @param timeout how long a run may take, counted from its start across restarts; 10 minutes when not given
 */
public record ScriptSettings(String command, String workdir, Duration timeout) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public ScriptSettings {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("command is required");
        }
        if (workdir != null && workdir.isBlank()) {
            workdir = null;
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }
}
