package dev.slipway.config;

import java.time.Duration;

/** Settings of a script-like backend, declaring {@code command} required the way real settings records do. */
record TestScriptSettings(String command, Duration timeout) {
    TestScriptSettings {
        if (command == null) {
            throw new IllegalArgumentException("command is required");
        }
    }
}
