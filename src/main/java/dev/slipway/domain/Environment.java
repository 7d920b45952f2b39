package dev.slipway.domain;

import java.util.Objects;

/**
 * A place a project ships to.
 *
 * @param backendType     the backend's type ("script", "gitlab", ...)
 * @param backendDefaultRef the ref the backend uses when neither the request nor the policy names one; may be null
 */
public record Environment(String name, Policy policy, String backendType, String backendDefaultRef) {
    public Environment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(backendType, "backendType");
    }

    /** The ref a request without one deploys, if any. */
    public java.util.Optional<String> defaultRef() {
        return java.util.Optional.ofNullable(policy.defaultRef() != null ? policy.defaultRef() : backendDefaultRef);
    }
}
