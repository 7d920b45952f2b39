package dev.slipway.domain;

import java.util.List;
import java.util.Optional;

/**
 * Whether a build's verdicts satisfy an environment's {@link Policy.Approvals}: enough distinct approvers among
 * those the policy names, and no standing rejection from any of them. A reviewer's later verdict replaces their
 * earlier one, so a rejection stands until the same person approves.
 */
public final class ApprovalCount {
    private ApprovalCount() {
    }

    /** The verdicts that count: approvers and standing rejecters among those {@code approvals.from()} names. */
    public record Tally(List<String> approvers, List<String> rejecters) {
    }

    public static Tally tally(Policy.Approvals approvals, Project project, List<Verdict> verdicts) {
        List<Verdict> counted = verdicts.stream()
                .filter(v -> approvals.from().stream().anyMatch(group -> project.isIn(group, v.reviewer())))
                .toList();
        return new Tally(
                counted.stream().filter(v -> v.kind() == Verdict.Kind.APPROVED).map(Verdict::reviewer).distinct().toList(),
                counted.stream().filter(v -> v.kind() == Verdict.Kind.REJECTED).map(Verdict::reviewer).toList());
    }

    /** Why the build may not ship yet, or empty when it may. */
    public static Optional<String> missing(Policy.Approvals approvals, Project project, List<Verdict> verdicts) {
        if (approvals == null) {
            return Optional.empty();
        }
        Tally tally = tally(approvals, project, verdicts);
        List<String> rejecters = tally.rejecters();
        List<String> approvers = tally.approvers();
        if (!rejecters.isEmpty()) {
            return Optional.of("rejected by " + String.join(", ", rejecters) + " (until they approve); approvals so far "
                    + approvers.size() + " of " + approvals.required());
        }
        if (approvers.size() < approvals.required()) {
            return Optional.of("needs " + approvals.required() + " approval" + (approvals.required() == 1 ? "" : "s")
                    + " from " + String.join(", ", approvals.from()) + "; approvals so far " + approvers.size()
                    + " of " + approvals.required() + (approvers.isEmpty() ? "" : " (" + String.join(", ", approvers) + ")"));
        }
        return Optional.empty();
    }
}
