package dev.slipway.backend.script;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a {@code script} backend deploys: the shell command to run, where, with what, and for how long at most.
 *
 * @param command run with {@code /bin/sh -c}; its placeholders ({@code {{ref}}} ...) become quoted references to
 *                the {@code SLIPWAY_*} variables that carry their values (see {@link ScriptCommand}), so a value
 *                reaches the program as one literal argument
 * @param workdir directory the command runs in, or null for Slipway's own; may use placeholders
 * @param timeout how long a run may take, counted from its start across restarts; 10 minutes when not given
 * @param env     variables the script gets besides {@code PATH}, {@code HOME}, {@code LANG} and {@code SLIPWAY_*}
 *                (it sees nothing else of Slipway's environment); values may use placeholders
 */
public record ScriptSettings(String command, String workdir, Duration timeout, Map<String, String> env) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public ScriptSettings {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("command is required");
        }
        ScriptCommand.toShell(command);
        if (workdir != null && workdir.isBlank()) {
            workdir = null;
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        env = environment(env);
    }

    public ScriptSettings(String command, String workdir, Duration timeout) {
        this(command, workdir, timeout, Map.of());
    }

    private static Map<String, String> environment(Map<String, String> env) {
        if (env == null) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (name == null || !VARIABLE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("env." + name + ": a variable's name is letters, digits and _,"
                        + " not starting with a digit");
            }
            if (name.startsWith("SLIPWAY_")) {
                throw new IllegalArgumentException("env." + name + ": SLIPWAY_* variables are Slipway's own");
            }
            if (value == null || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("env." + name + " needs a value without NUL characters");
            }
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }
}
