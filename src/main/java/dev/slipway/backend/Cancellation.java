package dev.slipway.backend;

/** The answer to {@link Backend#cancel}: whether the run was asked to stop, and if not, what a person is told. */
public sealed interface Cancellation {

    /** The run was asked to stop (or had ended); its end is followed or reported as usual. */
    record Stopped() implements Cancellation {
    }

    /**
     * The backend cannot stop this run; {@code message} tells the person who asked how to stop it themselves, e.g.
     * "GitLab cannot be asked to stop without an API token: cancel it at https://...".
     */
    record CannotStop(String message) implements Cancellation {
        public CannotStop {
            java.util.Objects.requireNonNull(message, "message");
        }
    }
}
