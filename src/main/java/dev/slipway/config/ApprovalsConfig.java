package dev.slipway.config;

import java.util.List;

/** An environment's {@code approvals: { required: N, from: [qa] }}: who must approve a build before it ships there. */
public record ApprovalsConfig(Integer required, List<String> from) {
}
