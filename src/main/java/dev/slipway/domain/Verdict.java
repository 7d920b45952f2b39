package dev.slipway.domain;

import java.time.Instant;
import java.util.Objects;

/** A reviewer's latest word on a build: approved or rejected, and when. */
public record Verdict(long deploymentId, String reviewer, Kind kind, Instant at) {
    public enum Kind {
        APPROVED, REJECTED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Verdict {
        Objects.requireNonNull(reviewer, "reviewer");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
    }
}
