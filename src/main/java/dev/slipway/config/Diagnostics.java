package dev.slipway.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one load of one file has found so far: the errors, the line of every key path seen, and the paths
 * whose value was present but could not be bound (so later checks do not call them missing as well).
 */
final class Diagnostics {
    private final Path file;
    private final List<ConfigError> errors = new ArrayList<>();
    private final Map<String, Integer> lines = new HashMap<>();
    private final Set<String> failed = new HashSet<>();

    Diagnostics(Path file) {
        this.file = file;
    }

    void error(int line, String path, String message) {
        errors.add(new ConfigError(file, line, path, message));
        failed.add(path);
    }

    /** An error about the value at {@code path}, at the line that path was seen on. */
    void error(String path, String message) {
        error(lineOf(path), path, message);
    }

    void locate(String path, int line) {
        lines.putIfAbsent(path, line);
    }

    void markFailed(String path) {
        failed.add(path);
    }

    boolean isPresent(String path) {
        return lines.containsKey(path);
    }

    boolean hasFailed(String path) {
        return failed.contains(path);
    }

    /** The line {@code path} was seen on or, for an absent key, the line of its nearest present parent. */
    int lineOf(String path) {
        String current = path;
        while (!current.isEmpty()) {
            Integer line = lines.get(current);
            if (line != null) {
                return line;
            }
            current = KeyPaths.parent(current);
        }
        return 1;
    }

    int count() {
        return errors.size();
    }

    /** Ordered by line, so a person can fix the file top to bottom; equal lines keep the order they were found in. */
    List<ConfigError> errors() {
        List<ConfigError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(ConfigError::line));
        return sorted;
    }
}
