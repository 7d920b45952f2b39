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
}
