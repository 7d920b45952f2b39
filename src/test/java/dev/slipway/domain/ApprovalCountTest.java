package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalCountTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final long BUILD = 14;

    /** Owners O1 and O2, QA Q1 to Q3; O2 is in QA too. */
    private final Project project = new Project("shop", null, List.of("O1", "O2"), List.of("Q1", "Q2", "Q3", "O2"),
            null, null, Map.of());

    @Test
    void nothing_is_missing_when_the_environment_needs_no_approvals() {
        assertThat(ApprovalCount.missing(null, project, List.of())).isEmpty();
        assertThat(ApprovalCount.missing(null, project, List.of(rejected("Q1")))).isEmpty();
    }

    @Test
    void enough_approvals_from_the_named_group_let_the_build_ship() {
        Policy.Approvals twoFromQa = new Policy.Approvals(2, List.of(Policy.QA));

        assertThat(ApprovalCount.missing(twoFromQa, project, List.of(approved("Q1"), approved("Q3")))).isEmpty();
    }

    @Test
    void without_verdicts_says_how_many_approvals_are_needed_from_whom() {
        Policy.Approvals oneFromQa = new Policy.Approvals(1, List.of(Policy.QA));
        Policy.Approvals twoFromEither = new Policy.Approvals(2, List.of(Policy.QA, Policy.OWNERS));

        assertThat(ApprovalCount.missing(oneFromQa, project, List.of()))
                .contains("needs 1 approval from qa; approvals so far 0 of 1");
        assertThat(ApprovalCount.missing(twoFromEither, project, List.of()))
                .contains("needs 2 approvals from qa, owners; approvals so far 0 of 2");
    }

    @Test
    void too_few_approvals_say_how_many_so_far_and_whose() {
        Policy.Approvals twoFromQa = new Policy.Approvals(2, List.of(Policy.QA));

        assertThat(ApprovalCount.missing(twoFromQa, project, List.of(approved("Q1"))))
                .contains("needs 2 approvals from qa; approvals so far 1 of 2 (Q1)");
    }

    @Test
    void counts_each_approver_once() {
        Policy.Approvals twoFromEither = new Policy.Approvals(2, List.of(Policy.QA, Policy.OWNERS));

        assertThat(ApprovalCount.missing(twoFromEither, project, List.of(approved("O2"))))
                .hasValueSatisfying(why -> assertThat(why).contains("approvals so far 1 of 2 (O2)"));
        assertThat(ApprovalCount.missing(twoFromEither, project, List.of(approved("Q1"), approved("Q1"))))
                .hasValueSatisfying(why -> assertThat(why).contains("approvals so far 1 of 2 (Q1)"));
    }

    @Test
    void counts_owners_and_people_named_by_their_user_id() {
        Policy.Approvals ownersAndOneUser = new Policy.Approvals(2, List.of(Policy.OWNERS, "U-LEAD"));

        assertThat(ApprovalCount.missing(ownersAndOneUser, project, List.of(approved("O1"), approved("U-LEAD"))))
                .isEmpty();
        assertThat(ApprovalCount.missing(ownersAndOneUser, project, List.of(approved("U-LEAD"))))
                .hasValueSatisfying(why -> assertThat(why).contains("approvals so far 1 of 2 (U-LEAD)"));
    }

    @Test
    void approvals_from_people_outside_the_named_groups_do_not_count() {
        Policy.Approvals oneFromQa = new Policy.Approvals(1, List.of(Policy.QA));
        Policy.Approvals oneFromOwners = new Policy.Approvals(1, List.of(Policy.OWNERS));

        assertThat(ApprovalCount.missing(oneFromQa, project, List.of(approved("O1"), approved("U-STRANGER"))))
                .contains("needs 1 approval from qa; approvals so far 0 of 1");
        assertThat(ApprovalCount.missing(oneFromOwners, project, List.of(approved("Q1"))))
                .contains("needs 1 approval from owners; approvals so far 0 of 1");
    }

    @Test
    void a_rejection_from_outside_the_named_groups_does_not_block() {
        Policy.Approvals oneFromQa = new Policy.Approvals(1, List.of(Policy.QA));

        assertThat(ApprovalCount.missing(oneFromQa, project, List.of(approved("Q1"), rejected("U-STRANGER"))))
                .isEmpty();
    }

    @Test
    void a_standing_rejection_blocks_even_with_enough_approvals_and_names_who_rejected() {
        Policy.Approvals oneFromQa = new Policy.Approvals(1, List.of(Policy.QA));

        assertThat(ApprovalCount.missing(oneFromQa, project, List.of(approved("Q1"), approved("Q3"), rejected("Q2"))))
                .contains("rejected by Q2 (until they approve); approvals so far 2 of 1");
    }

    @Test
    void every_standing_rejection_is_named() {
        Policy.Approvals twoFromQa = new Policy.Approvals(2, List.of(Policy.QA));

        assertThat(ApprovalCount.missing(twoFromQa, project, List.of(rejected("Q1"), rejected("Q2"))))
                .contains("rejected by Q1, Q2 (until they approve); approvals so far 0 of 2");
    }

    private static Verdict approved(String reviewer) {
        return new Verdict(BUILD, reviewer, Verdict.Kind.APPROVED, T0);
    }

    private static Verdict rejected(String reviewer) {
        return new Verdict(BUILD, reviewer, Verdict.Kind.REJECTED, T0);
    }
}
