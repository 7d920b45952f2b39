package dev.slipway.domain;

import java.util.Objects;

/**
 * A place a project ships to.
 *
 * @param backendType       the backend's type ("script", "gitlab", ...)
 * @param backendDefaultRef the ref the backend uses when neither the request nor the policy names one; may be null
 * @param refKind           the grammar of the refs its backend deploys, which a {@code deploy} must follow
 */
public record Environment(String name, Policy policy, String backendType, String backendDefaultRef, RefKind refKind) {
    public Environment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(backendType, "backendType");
        Objects.requireNonNull(refKind, "refKind");
    }

    /** An environment whose backend deploys git refs. */
    public Environment(String name, Policy policy, String backendType, String backendDefaultRef) {
        this(name, policy, backendType, backendDefaultRef, RefKind.GIT);
    }

    /** The ref a request without one deploys, if any. */
    public java.util.Optional<String> defaultRef() {
        return java.util.Optional.ofNullable(policy.defaultRef() != null ? policy.defaultRef() : backendDefaultRef);
    }
}
