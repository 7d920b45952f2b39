package dev.slipway.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration file that cannot be used; carries every problem found in it, ordered by line. */
public class ConfigException extends Exception {
    private final transient List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining(System.lineSeparator())));
        this.errors = List.copyOf(errors);
    }

    /** Never empty. */
    public List<ConfigError> errors() {
        return errors;
    }
}
