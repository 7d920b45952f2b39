package dev.slipway.config;

import java.time.Duration;
import java.util.List;

/**
 * An environment's {@code approvals: { required: N, from: [qa], expiresAfter: 24h }}: who must approve a deployment
 * there (and a build before it is promoted there), and how long a request waits for them. {@code expiresAfter} is
 * null for the default, a day.
 */
public record ApprovalsConfig(Integer required, List<String> from, Duration expiresAfter) {
    public ApprovalsConfig(Integer required, List<String> from) {
        this(required, from, null);
    }
}
