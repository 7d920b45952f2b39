package dev.slipway.backend;

import dev.slipway.domain.RefKind;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A kind of backend as the configuration knows it: its {@code type} name, the record its settings bind to,
 * and how to build a backend from bound settings.
 *
 * @param refKind    the grammar of the refs it deploys: git refs, or images for a backend that runs them
 * @param defaultRef the ref the backend deploys when neither request nor policy names one, read off its settings
 * @param handsOnTo  the types of backend this one may hand its runs on to, each configured under a key of its
 *                   name (a {@code github} backend's {@code circleci:}); empty for most
 */
public record BackendType<S>(String name, Class<S> settingsType, RefKind refKind, Factory<S> factory,
                             Function<S, Optional<String>> defaultRef, Set<String> handsOnTo) {

    /** Builds a backend from its bound settings, for the place it serves. */
    @FunctionalInterface
    public interface Factory<S> {
        Backend create(S settings, Placement placement);
    }

    /**
     * Where a backend is built: the project whose environment it deploys, the backend it hands its runs on to
     * (of one of the types {@link #handsOnTo()} names) or null, and whether the environment rolls a failed rollout
     * back by itself ({@code autoRollback}, which only the types that roll out honour).
     */
    public record Placement(String project, HandingOnBackend.Next next, boolean autoRollback) {
        public static final Placement NONE = new Placement(null, null);

        /** A placement in an environment without {@code autoRollback}. */
        public Placement(String project, HandingOnBackend.Next next) {
            this(project, next, false);
        }
    }

    public BackendType {
        Objects.requireNonNull(refKind, "refKind");
        handsOnTo = Set.copyOf(handsOnTo);
    }

    /** A type that hands nothing on and builds its backends from their settings alone. */
    public BackendType(String name, Class<S> settingsType, RefKind refKind, Function<S, Backend> factory,
                       Function<S, Optional<String>> defaultRef) {
        this(name, settingsType, refKind, (settings, placement) -> factory.apply(settings), defaultRef, Set.of());
    }

    public Backend create(Object settings) {
        return create(settings, Placement.NONE);
    }

    @SuppressWarnings("unchecked")
    public Backend create(Object settings, Placement placement) {
        return factory.create((S) settings, placement);
    }

    @SuppressWarnings("unchecked")
    public Optional<String> defaultRefOf(Object settings) {
        return defaultRef.apply((S) settings);
    }
}
