package dev.slipway.backend;

import java.util.Optional;
import java.util.function.Function;

/**
 * A kind of backend as the configuration knows it: its {@code type} name, the record its settings bind to,
 * and how to build a backend from bound settings.
 *
 * @param defaultRef the ref the backend deploys when neither request nor policy names one, read off its settings
 */
public record BackendType<S>(String name, Class<S> settingsType, Function<S, Backend> factory,
                             Function<S, Optional<String>> defaultRef) {

    @SuppressWarnings("unchecked")
    public Backend create(Object settings) {
        return factory.apply((S) settings);
    }

    @SuppressWarnings("unchecked")
    public Optional<String> defaultRefOf(Object settings) {
        return defaultRef.apply((S) settings);
    }
}
