package dev.slipway.backend;

import java.util.Map;
import java.util.Optional;

/** The backend of each project environment, built once from the configuration. */
public final class Backends {
    private final Map<String, Backend> byEnvironment;

    public Backends(Map<String, Backend> byEnvironment) {
        this.byEnvironment = Map.copyOf(byEnvironment);
    }

    public static String key(String project, String environment) {
        return project + "/" + environment;
    }

    public Optional<Backend> find(String project, String environment) {
        return Optional.ofNullable(byEnvironment.get(key(project, environment)));
    }
}
