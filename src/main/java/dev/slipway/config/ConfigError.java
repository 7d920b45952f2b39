package dev.slipway.config;

import java.nio.file.Path;

/**
 * One problem found in a configuration file.
 *
 * @param file    the file as it was given to the loader
 * @param line    1-based line of the offending key or value; 0 when the problem has no line (an unreadable file)
 * @param path    the key path, like {@code projects[0].environments.production.backend.command};
 *                empty when the problem concerns the file as a whole
 * @param message what is wrong, in words a person editing the file understands
 */
public record ConfigError(Path file, int line, String path, String message) {

    /** {@code FILE:LINE: key.path: message}; the line is left out when 0 and the path when empty. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(String.valueOf(file));
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (path != null && !path.isEmpty()) {
            text.append(path).append(": ");
        }
        return text.append(message).toString();
    }
}
