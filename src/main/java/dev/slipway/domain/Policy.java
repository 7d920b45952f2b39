package dev.slipway.domain;

import java.util.List;

/**
 * Who may deploy to an environment and what.
 *
 * @param allowedRefs patterns a ref must match; empty means any valid ref
 * @param deployers   user ids or the groups {@code owners}, {@code qa}, {@code anyone}; empty means anyone
 * @param defaultRef  the ref used when a request names none; null to fall back to the backend's default
 * @param approvals   the approvals a build needs before it is promoted here; null when it needs none
 */
public record Policy(List<RefPattern> allowedRefs, List<String> deployers, String defaultRef, Approvals approvals) {
    public static final String OWNERS = "owners";
    public static final String QA = "qa";
    public static final String ANYONE = "anyone";

    public Policy {
        allowedRefs = List.copyOf(allowedRefs);
        deployers = deployers.isEmpty() ? List.of(ANYONE) : List.copyOf(deployers);
    }

    public Policy(List<RefPattern> allowedRefs, List<String> deployers, String defaultRef) {
        this(allowedRefs, deployers, defaultRef, null);
    }

    public static Policy open() {
        return new Policy(List.of(), List.of(), null);
    }

    /** {@code required} distinct approvals from people in {@code from} (groups such as {@code qa}, or user ids). */
    public record Approvals(int required, List<String> from) {
        public Approvals {
            if (required < 1) {
                throw new IllegalArgumentException("required must be at least 1");
            }
            from = List.copyOf(from);
        }
    }

    /** Whether {@code ref}, a valid ref of {@code kind}, may be deployed here; an invalid ref never may. */
    public boolean allowsRef(RefKind kind, String ref) {
        // Checked once here rather than once for each pattern.
        return kind.accepts(ref) && (allowedRefs.isEmpty() || allowedRefs.stream().anyMatch(p -> p.matchesText(ref)));
    }
}
