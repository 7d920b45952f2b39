package dev.slipway.backend;

import dev.slipway.domain.RefKind;
import java.util.Optional;
import java.util.function.Function;

/**
 * A kind of backend as the configuration knows it: its {@code type} name, the record its settings bind to,
 * and how to build a backend from bound settings.
 *
 * @param refKind    the grammar of the refs it deploys: git refs, or images for a backend that runs them
 * @param defaultRef the ref the backend deploys when neither request nor policy names one, read off its settings
 */
public record BackendType<S>(String name, Class<S> settingsType, RefKind refKind, Function<S, Backend> factory,
                             Function<S, Optional<String>> defaultRef) {
    public BackendType {
        java.util.Objects.requireNonNull(refKind, "refKind");
    }

    @SuppressWarnings("unchecked")
    public Backend create(Object settings) {
        return factory.apply((S) settings);
    }

    @SuppressWarnings("unchecked")
    public Optional<String> defaultRefOf(Object settings) {
        return defaultRef.apply((S) settings);
    }
}
