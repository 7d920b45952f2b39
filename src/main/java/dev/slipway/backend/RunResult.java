package dev.slipway.backend;

import java.util.List;
import java.util.Objects;

/**
 * How a run ended.
 *
 * @param summary    one line a person understands ("exit code 3", "timed out after 10m")
 * @param tail       the last lines of output, for the report
 * @param fullOutput everything the run printed, stored with the deployment; may be empty
 */
public record RunResult(Outcome outcome, String summary, List<String> tail, String fullOutput) {
    public enum Outcome {
        SUCCEEDED, FAILED, CANCELLED,
        /**
         * Slipway cannot tell how the run ended, nor whether it has: it runs where this server cannot see (a
         * script launched on another host). The summary says where; a person settles it.
         */
        UNKNOWN
    }

    public RunResult {
        Objects.requireNonNull(outcome, "outcome");
        summary = summary == null ? "" : summary;
        tail = List.copyOf(tail);
        fullOutput = fullOutput == null ? "" : fullOutput;
    }
}
