package dev.slipway.backend;

/**
 * Where a {@link FollowedBackend} tells how its run goes before it ends: each update replaces the last in the
 * deployment's record and its chat message. An update may be told again after a restart; that is harmless.
 */
@FunctionalInterface
public interface RunProgress {
    /** Progress nobody listens to. */
    RunProgress NONE = status -> {
    };

    /** The run's state in one line a person understands ("Running", "Suspended: a person must look: <link>"). */
    void update(String status);

    /**
     * The last lines the run has printed so far, for a page that shows its output as it goes; each call replaces the
     * last. Told at most every {@code OUTPUT_EVERY}, and only when the output grew. Nobody is notified of it.
     */
    default void output(java.util.List<String> tail) {
    }

    /** How often a backend tells {@link #output} at most. */
    java.time.Duration OUTPUT_EVERY = java.time.Duration.ofSeconds(1);
}
