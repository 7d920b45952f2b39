package dev.slipway.backend;

/** What a backend knows about a start that ended in doubt ({@link Backend#findStart}). */
public sealed interface StartLookup {

    /** The earlier start began this run: Slipway carries on with it. */
    record Started(StartedRun run) implements StartLookup {
        public Started {
            java.util.Objects.requireNonNull(run, "run");
        }
    }

    /** The provider is sure nothing was started for the task: starting now cannot run it twice. */
    record NotStarted() implements StartLookup {
    }

    /**
     * The provider cannot say: the deployment fails rather than risk a second run, and a person checks {@code where}.
     *
     * @param reason why it cannot be known, in a person's words
     * @param where  where a person sees whether it started (a link, a directory)
     */
    record Unknown(String reason, String where) implements StartLookup {
    }
}
