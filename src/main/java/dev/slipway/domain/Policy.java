package dev.slipway.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Who may deploy to an environment, what, and how.
 *
 * @param allowedRefs   patterns a ref must match; empty means any valid ref
 * @param deployers     user ids or the groups {@code owners}, {@code qa}, {@code anyone}; empty means anyone
 * @param defaultRef    the ref used when a request names none; null to fall back to the backend's default
 * @param approvals     the approvals a deployment (or a build before it is promoted) needs here; null for none
 * @param whenBusy      whether a deployment waits its turn or is refused while another runs or a freeze holds
 * @param confirm       whether a deployment asked in chat waits until its requester confirms it
 * @param freezes       the configured change freezes of the environment and its project
 * @param rollbackLocks whether a rollback locks the environment for its requester
 */
public record Policy(List<RefPattern> allowedRefs, List<String> deployers, String defaultRef, Approvals approvals,
                     WhenBusy whenBusy, boolean confirm, List<FreezeWindow> freezes, boolean rollbackLocks) {
    public static final String OWNERS = "owners";
    public static final String QA = "qa";
    public static final String ANYONE = "anyone";
    /** How long a deployment waits for approvals unless the configuration says otherwise. */
    public static final Duration APPROVALS_EXPIRE_AFTER = Duration.ofHours(24);

    public Policy {
        allowedRefs = List.copyOf(allowedRefs);
        deployers = deployers.isEmpty() ? List.of(ANYONE) : List.copyOf(deployers);
        Objects.requireNonNull(whenBusy, "whenBusy");
        freezes = List.copyOf(freezes);
    }

    /** A policy with the default queue, no confirmation and no freezes. */
    public Policy(List<RefPattern> allowedRefs, List<String> deployers, String defaultRef, Approvals approvals) {
        this(allowedRefs, deployers, defaultRef, approvals, WhenBusy.QUEUE, false, List.of(), true);
    }

    public Policy(List<RefPattern> allowedRefs, List<String> deployers, String defaultRef) {
        this(allowedRefs, deployers, defaultRef, null);
    }

    public static Policy open() {
        return new Policy(List.of(), List.of(), null);
    }

    /**
     * {@code required} distinct approvals from people in {@code from} (groups such as {@code qa}, or user ids), within
     * {@code expiresAfter} of the request.
     */
    public record Approvals(int required, List<String> from, Duration expiresAfter) {
        public Approvals {
            if (required < 1) {
                throw new IllegalArgumentException("required must be at least 1");
            }
            from = List.copyOf(from);
            expiresAfter = expiresAfter == null ? APPROVALS_EXPIRE_AFTER : expiresAfter;
        }

        public Approvals(int required, List<String> from) {
            this(required, from, null);
        }
    }

    /** Whether {@code ref}, a valid ref of {@code kind}, may be deployed here; an invalid ref never may. */
    public boolean allowsRef(RefKind kind, String ref) {
        // Checked once here rather than once for each pattern.
        return kind.accepts(ref) && (allowedRefs.isEmpty() || allowedRefs.stream().anyMatch(p -> p.matchesText(ref)));
    }

    /** The same policy with {@code whenBusy} instead. */
    public Policy withWhenBusy(WhenBusy other) {
        return new Policy(allowedRefs, deployers, defaultRef, approvals, other, confirm, freezes, rollbackLocks);
    }
}
