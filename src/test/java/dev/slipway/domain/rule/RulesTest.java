package dev.slipway.domain.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Environment;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.FixedFreezeWindow;
import dev.slipway.domain.Freeze;
import dev.slipway.domain.FreezeWindow;
import dev.slipway.domain.Policy;
import dev.slipway.domain.Project;
import dev.slipway.domain.QueueAhead;
import dev.slipway.domain.RefKind;
import dev.slipway.domain.RefPattern;
import dev.slipway.domain.Verdict;
import dev.slipway.domain.WhenBusy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every rule, asked through the chain the app asks: {@link Rules#standard()}. */
class RulesTest {
    private static final Instant NOW = Instant.parse("2026-12-18T10:00:00Z");
    private static final Rules RULES = Rules.standard();

    private static final String OWNER = "alice";
    private static final String QA = "quinn";
    private static final String DEPLOYER = "bob";
    private static final String APPROVER = "carol";
    private static final String STRANGER = "mallory";

    /** Anyone may deploy any ref; a busy environment queues. */
    private static final Environment STAGING = environment("staging", policy(List.of(), List.of(), null,
            WhenBusy.QUEUE, false, List.of()));
    /** Only main and release branches, by the owners, QA and bob. */
    private static final Environment PRODUCTION = environment("production", policy(
            List.of(new RefPattern("main"), new RefPattern("release/*")), List.of(Policy.OWNERS, Policy.QA, DEPLOYER),
            null, WhenBusy.QUEUE, false, List.of()));
    private static final Policy.Approvals TWO_APPROVALS =
            new Policy.Approvals(2, List.of(Policy.QA, APPROVER), Duration.ofHours(24));

    private static final Project API = new Project("api", "API", List.of(OWNER), List.of(QA), "C1", null,
            Map.of("staging", STAGING, "production", PRODUCTION));

    private static Policy policy(List<RefPattern> allowedRefs, List<String> deployers, Policy.Approvals approvals,
                                 WhenBusy whenBusy, boolean confirm, List<FreezeWindow> freezes) {
        return new Policy(allowedRefs, deployers, null, approvals, whenBusy, confirm, freezes, true);
    }

    private static Environment environment(String name, Policy policy) {
        return new Environment(name, policy, "script", null);
    }

    private static Environment withApprovals(Policy.Approvals approvals) {
        return environment("production", policy(List.of(), List.of(), approvals, WhenBusy.QUEUE, false, List.of()));
    }

    private static Environment whenBusy(WhenBusy whenBusy) {
        return environment("staging", policy(List.of(), List.of(), null, whenBusy, false, List.of()));
    }

    private static Environment confirming() {
        return environment("production", policy(List.of(), List.of(), null, WhenBusy.QUEUE, true, List.of()));
    }

    private static Attempt deploy(Environment environment, String user, String ref) {
        return deploy(environment, user, ref, Stage.REQUEST);
    }

    private static Attempt deploy(Environment environment, String user, String ref, Stage stage) {
        return Attempt.of(Action.DEPLOY, API, environment, user, NOW).deploying(ref, environment.refKind(), stage);
    }

    private static Attempt act(Action action, String user, Deployment subject) {
        return Attempt.of(action, API, PRODUCTION, user, NOW).on(subject);
    }

    private static Deployment deployment(long id, DeploymentState state, String requestedBy, Instant createdAt) {
        return Deployment.request("api", "production", "main", requestedBy, ChatOrigin.console(requestedBy), state,
                createdAt).withId(id);
    }

    private static Deployment awaitingApproval(Instant createdAt) {
        return deployment(7, DeploymentState.AWAITING_APPROVAL, DEPLOYER, createdAt);
    }

    /** #41, asked for by bob, running since two minutes before now. */
    private static Deployment running41() {
        return Deployment.request("api", "staging", "main", DEPLOYER, ChatOrigin.console(DEPLOYER),
                DeploymentState.QUEUED, NOW.minus(Duration.ofMinutes(5))).withId(41)
                .moveTo(DeploymentState.RUNNING, NOW.minus(Duration.ofMinutes(2)));
    }

    private static Attempt busy(Attempt attempt, Deployment holder, List<Deployment> ahead) {
        return attempt.standing(Optional.empty(), Optional.of(holder), QueueAhead.of(ahead), Optional.empty(),
                Optional.of(Duration.ofMinutes(3)));
    }

    private static Attempt frozen(Attempt attempt, Freeze freeze) {
        return attempt.standing(Optional.empty(), Optional.empty(), QueueAhead.EMPTY, Optional.of(freeze), Optional.empty());
    }

    private static Attempt locked(Attempt attempt, EnvironmentLock lock) {
        return attempt.standing(Optional.of(lock), Optional.empty(), QueueAhead.EMPTY, Optional.empty(), Optional.empty());
    }

    private static Verdict approved(String reviewer) {
        return new Verdict(7, reviewer, Verdict.Kind.APPROVED, NOW.minus(Duration.ofMinutes(10)));
    }

    /** The year's end freeze, written in Paris time, ending Monday 4 January 09:00 there. */
    private static Freeze yearEnd(Environment environment) {
        return new FixedFreezeWindow(Instant.parse("2026-12-18T00:00:00Z"), Instant.parse("2027-01-04T08:00:00Z"),
                "year end", ZoneId.of("Europe/Paris")).at("api", environment.name(), NOW).orElseThrow();
    }

    // ref format and allowed refs

    @Test
    void refuses_a_ref_git_would_not_accept_and_says_why() {
        Ruling ruling = RULES.check(deploy(STAGING, DEPLOYER, "a b"));

        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.BAD_REF);
        assertThat(ruling.refusal().message()).isEqualTo("`a b` is not a valid ref: it contains a space.");
    }

    @Test
    void refuses_a_malformed_ref_as_bad_even_where_refs_are_restricted() {
        assertThat(RULES.check(deploy(PRODUCTION, OWNER, "release/a..b")).refusal().code())
                .isEqualTo(ErrorCode.BAD_REF);
    }

    @Test
    void refuses_an_image_reference_where_the_backend_takes_git_refs() {
        Attempt image = Attempt.of(Action.DEPLOY, API, STAGING, DEPLOYER, NOW)
                .deploying("registry.example.com/api:1.0", RefKind.GIT, Stage.REQUEST);

        assertThat(RULES.check(image).refusal().code()).isEqualTo(ErrorCode.BAD_REF);
        assertThat(RULES.check(image.deploying("registry.example.com/api:1.0", RefKind.IMAGE, Stage.REQUEST))
                .passes()).isTrue();
    }

    @Test
    void refuses_a_ref_the_environment_does_not_allow_naming_what_it_allows() {
        Ruling ruling = RULES.check(deploy(PRODUCTION, OWNER, "feature/login"));

        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.REF_NOT_ALLOWED);
        assertThat(ruling.refusal().message())
                .isEqualTo("api production only accepts main, release/*; `feature/login` is not allowed there.");
    }

    @Test
    void passes_refs_the_environment_allows_and_any_ref_where_none_are_listed() {
        assertThat(RULES.check(deploy(PRODUCTION, OWNER, "main")).passes()).isTrue();
        assertThat(RULES.check(deploy(PRODUCTION, OWNER, "release/2.0/hotfix")).passes()).isTrue();
        assertThat(RULES.check(deploy(STAGING, OWNER, "feature/login")).passes()).isTrue();
    }

    @Test
    void lets_a_rollback_go_back_to_a_ref_that_succeeded_there_before() {
        assertThat(RULES.check(deploy(PRODUCTION, OWNER, "feature/login").withKnownRef(true)).passes()).isTrue();
    }

    // deployers

    @Test
    void refuses_someone_who_is_not_a_deployer_and_names_who_may() {
        Ruling ruling = RULES.check(deploy(PRODUCTION, STRANGER, "main"));

        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.NOT_A_DEPLOYER);
        assertThat(ruling.refusal().message()).isEqualTo(
                "mallory may not deploy api to production; deployers there: the owners (alice), QA (quinn), bob.");
    }

    @Test
    void lets_owners_qa_and_named_users_deploy() {
        assertThat(RULES.check(deploy(PRODUCTION, OWNER, "main")).passes()).isTrue();
        assertThat(RULES.check(deploy(PRODUCTION, QA, "main")).passes()).isTrue();
        assertThat(RULES.check(deploy(PRODUCTION, DEPLOYER, "main")).passes()).isTrue();
    }

    @Test
    void lets_anyone_deploy_where_deployers_say_anyone_or_nothing() {
        Environment anyone = environment("staging", policy(List.of(), List.of(Policy.ANYONE), null, WhenBusy.QUEUE,
                false, List.of()));

        assertThat(RULES.check(deploy(anyone, STRANGER, "main")).passes()).isTrue();
        assertThat(RULES.check(deploy(STAGING, STRANGER, "main")).passes()).isTrue();
    }

    @Test
    void refuses_an_owner_where_only_qa_deploy() {
        Environment qaOnly = environment("qa", policy(List.of(), List.of(Policy.QA), null, WhenBusy.QUEUE, false,
                List.of()));

        assertThat(RULES.check(deploy(qaOnly, OWNER, "main")).refusal().code()).isEqualTo(ErrorCode.NOT_A_DEPLOYER);
        assertThat(RULES.check(deploy(qaOnly, QA, "main")).passes()).isTrue();
    }

    // who may act on a deployment

    @ParameterizedTest
    @EnumSource(value = Action.class, names = {"CANCEL", "RESOLVE"})
    void lets_the_requester_or_an_owner_cancel_or_resolve_but_nobody_else(Action action) {
        Deployment running = deployment(9, DeploymentState.RUNNING, DEPLOYER, NOW.minus(Duration.ofMinutes(5)));

        assertThat(RULES.check(act(action, DEPLOYER, running)).passes()).isTrue();
        assertThat(RULES.check(act(action, OWNER, running)).passes()).isTrue();
        Ruling ruling = RULES.check(act(action, STRANGER, running));
        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.NOT_PERMITTED);
        assertThat(ruling.refusal().message()).isEqualTo("Only bob (who asked for it) or an owner of api (alice) may "
                + action.name().toLowerCase(Locale.ROOT) + " #9.");
    }

    @Test
    void lets_only_the_requester_confirm_not_even_an_owner() {
        Deployment requested = deployment(9, DeploymentState.REQUESTED, DEPLOYER, NOW.minus(Duration.ofMinutes(1)));

        assertThat(RULES.check(act(Action.CONFIRM, DEPLOYER, requested)).passes()).isTrue();
        Ruling ruling = RULES.check(act(Action.CONFIRM, OWNER, requested));
        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.NOT_PERMITTED);
        assertThat(ruling.refusal().message()).startsWith("Only bob, who asked for #9, may confirm it");
    }

    @ParameterizedTest
    @EnumSource(value = Action.class, names = {"FREEZE", "UNFREEZE", "POST_BUILD", "PROMOTE", "CLOSE"})
    void refuses_what_only_owners_may_do_to_anyone_else(Action action) {
        assertThat(RULES.check(Attempt.of(action, API, PRODUCTION, OWNER, NOW)).passes()).isTrue();
        Ruling ruling = RULES.check(Attempt.of(action, API, PRODUCTION, QA, NOW));
        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.NOT_PERMITTED);
        assertThat(ruling.refusal().message()).startsWith("Only owners of api (alice) may ");
    }

    @Test
    void refuses_a_freeze_of_a_whole_project_by_someone_who_is_not_an_owner() {
        assertThat(RULES.check(Attempt.of(Action.FREEZE, API, null, QA, NOW)).refusal().code())
                .isEqualTo(ErrorCode.NOT_PERMITTED);
        assertThat(RULES.check(Attempt.of(Action.FREEZE, API, null, OWNER, NOW)).passes()).isTrue();
    }

    @Test
    void refuses_a_forced_deployment_by_someone_who_is_not_an_owner() {
        Ruling ruling = RULES.check(deploy(STAGING, DEPLOYER, "main").forcedBecause("hotfix for the outage"));

        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.NOT_PERMITTED);
        assertThat(ruling.refusal().message())
                .isEqualTo("Only owners of api (alice) may push a deployment through a freeze with --force.");
    }

    @Test
    void lets_only_qa_judge_a_build() {
        assertThat(RULES.check(Attempt.of(Action.JUDGE_BUILD, API, null, QA, NOW)).passes()).isTrue();
        Ruling ruling = RULES.check(Attempt.of(Action.JUDGE_BUILD, API, null, OWNER, NOW));
        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.NOT_PERMITTED);
        assertThat(ruling.refusal().message()).isEqualTo("Only QA of api (quinn) may approve or reject builds.");
    }

    @Test
    void lets_the_holder_or_an_owner_unlock_but_nobody_else() {
        EnvironmentLock lock = new EnvironmentLock("api", "production", DEPLOYER, "testing", NOW.minusSeconds(600));
        Attempt unlock = Attempt.of(Action.UNLOCK, API, PRODUCTION, DEPLOYER, NOW).withLock(Optional.of(lock));

        assertThat(RULES.check(unlock).passes()).isTrue();
        assertThat(RULES.check(Attempt.of(Action.UNLOCK, API, PRODUCTION, OWNER, NOW).withLock(Optional.of(lock)))
                .passes()).isTrue();
        Ruling ruling = RULES.check(Attempt.of(Action.UNLOCK, API, PRODUCTION, QA, NOW).withLock(Optional.of(lock)));
        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.NOT_PERMITTED);
        assertThat(ruling.refusal().message())
                .isEqualTo("api production is locked by bob; only they or an owner (alice) may unlock it.");
    }

    // approving and rejecting

    private static Attempt judge(Action action, String user, Deployment subject, List<Verdict> verdicts) {
        return Attempt.of(action, API, withApprovals(TWO_APPROVALS), user, NOW).on(subject)
                .withVerdicts(verdicts, true);
    }

    @ParameterizedTest
    @EnumSource(value = Action.class, names = {"APPROVE", "REJECT"})
    void refuses_to_judge_a_deployment_that_does_not_await_approval(Action action) {
        Deployment queued = deployment(7, DeploymentState.QUEUED, DEPLOYER, NOW.minus(Duration.ofHours(1)));

        Ruling ruling = RULES.check(judge(action, QA, queued, List.of()));

        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.ALREADY_DECIDED);
        assertThat(ruling.refusal().message()).isEqualTo("#7 does not await approval: it is queued.");
    }

    @ParameterizedTest
    @EnumSource(value = Action.class, names = {"APPROVE", "REJECT"})
    void refuses_the_requester_judging_their_own_deployment(Action action) {
        Ruling ruling = RULES.check(judge(action, DEPLOYER, awaitingApproval(NOW.minus(Duration.ofHours(1))),
                List.of()));

        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.SELF_APPROVAL);
        assertThat(ruling.refusal().message())
                .isEqualTo("You asked for #7, so you cannot approve or reject it; QA (quinn), carol can.");
    }

    @ParameterizedTest
    @EnumSource(value = Action.class, names = {"APPROVE", "REJECT"})
    void refuses_someone_who_is_not_among_the_approvers(Action action) {
        Ruling ruling = RULES.check(judge(action, OWNER, awaitingApproval(NOW.minus(Duration.ofHours(1))),
                List.of()));

        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.NOT_AN_APPROVER);
        assertThat(ruling.refusal().message())
                .isEqualTo("alice may not approve deployments to api production; approvers there: QA (quinn), carol.");
    }

    @Test
    void refuses_an_approval_once_the_request_expired() {
        Ruling ruling = RULES.check(judge(Action.APPROVE, QA, awaitingApproval(NOW.minus(Duration.ofHours(24))),
                List.of()));

        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.APPROVAL_EXPIRED);
        assertThat(ruling.refusal().message())
                .isEqualTo("#7 expired: no approval within 24h of the request; ask again with `deploy`.");
    }

    @Test
    void takes_an_approval_until_the_last_instant_before_expiry() {
        Deployment almost = awaitingApproval(NOW.minus(Duration.ofHours(24)).plusMillis(1));

        assertThat(RULES.check(judge(Action.APPROVE, QA, almost, List.of())).passes()).isTrue();
    }

    @Test
    void refuses_an_approver_approving_twice() {
        Ruling ruling = RULES.check(judge(Action.APPROVE, QA, awaitingApproval(NOW.minus(Duration.ofHours(1))),
                List.of(approved(QA))));

        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.ALREADY_DECIDED);
        assertThat(ruling.refusal().message()).isEqualTo("You already approved #7.");
    }

    @Test
    void lets_an_approver_who_approved_change_their_mind_and_reject() {
        assertThat(RULES.check(judge(Action.REJECT, QA, awaitingApproval(NOW.minus(Duration.ofHours(1))),
                List.of(approved(QA)))).passes()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Action.class, names = {"APPROVE", "REJECT"})
    void lets_an_approver_named_by_group_or_by_id_judge(Action action) {
        Deployment waiting = awaitingApproval(NOW.minus(Duration.ofHours(1)));

        assertThat(RULES.check(judge(action, QA, waiting, List.of(approved(APPROVER)))).passes()).isTrue();
        assertThat(RULES.check(judge(action, APPROVER, waiting, List.of(approved(QA)))).passes()).isTrue();
    }

    // confirmation

    @Test
    void makes_a_deployment_wait_for_its_requesters_confirmation_where_the_policy_asks() {
        Ruling ruling = RULES.check(deploy(confirming(), DEPLOYER, "main"));

        assertThat(ruling.waitsAs()).isEqualTo(DeploymentState.REQUESTED);
        assertThat(ruling.why()).isEqualTo("production asks for a confirmation");
    }

    @Test
    void lets_a_confirmed_deployment_through() {
        assertThat(RULES.check(deploy(confirming(), DEPLOYER, "main", Stage.CONFIRMED)).passes()).isTrue();
    }

    @Test
    void makes_a_forced_deployment_wait_for_confirmation_even_without_the_policy() {
        Ruling ruling = RULES.check(deploy(STAGING, OWNER, "main").forcedBecause("hotfix for the outage"));

        assertThat(ruling.waitsAs()).isEqualTo(DeploymentState.REQUESTED);
        assertThat(ruling.why()).contains("change freeze");
    }

    // approvals

    @Test
    void makes_a_deployment_wait_for_approvals_naming_what_is_missing() {
        Ruling ruling = RULES.check(deploy(withApprovals(TWO_APPROVALS), DEPLOYER, "main"));

        assertThat(ruling.waitsAs()).isEqualTo(DeploymentState.AWAITING_APPROVAL);
        assertThat(ruling.why()).isEqualTo("needs 2 approvals from qa, carol; approvals so far 0 of 2");
    }

    @Test
    void lets_a_deployment_through_with_enough_approvals_from_the_right_people() {
        Attempt attempt = deploy(withApprovals(TWO_APPROVALS), DEPLOYER, "main");

        assertThat(RULES.check(attempt.withVerdicts(List.of(approved(QA), approved(APPROVER)), true)).passes())
                .isTrue();
        Ruling notCounted = RULES.check(attempt.withVerdicts(List.of(approved(QA), approved(STRANGER)), true));
        assertThat(notCounted.waitsAs()).isEqualTo(DeploymentState.AWAITING_APPROVAL);
        assertThat(notCounted.why()).endsWith("approvals so far 1 of 2 (quinn)");
    }

    @Test
    void refuses_a_deployment_only_its_requester_could_approve_rather_than_let_it_wait_for_nobody() {
        Ruling ruling = RULES.check(deploy(withApprovals(new Policy.Approvals(1, List.of("owners"))), OWNER, "main"));

        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.NEEDS_APPROVAL);
        assertThat(ruling.refusal().message()).isEqualTo("Deployments to api production need approval from the owners"
                + " (alice), and nobody there but you may give it; ask an owner to name other approvers.");
    }

    @Test
    void refuses_a_deployment_missing_approvals_that_may_not_wait() {
        Ruling ruling = RULES.check(deploy(withApprovals(TWO_APPROVALS), OWNER, "main")
                .withVerdicts(List.of(approved(QA)), false));

        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.NEEDS_APPROVAL);
        assertThat(ruling.refusal().message()).isEqualTo("This may not go to production yet:"
                + " needs 2 approvals from qa, carol; approvals so far 1 of 2 (quinn).");
    }

    @Test
    void names_the_build_being_promoted_when_it_lacks_approvals() {
        Deployment build = deployment(12, DeploymentState.SUCCEEDED, DEPLOYER, NOW.minus(Duration.ofHours(2)));
        Ruling ruling = RULES.check(deploy(withApprovals(TWO_APPROVALS), OWNER, "main", Stage.CONFIRMED).on(build)
                .withVerdicts(List.of(), false));

        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.NEEDS_APPROVAL);
        assertThat(ruling.refusal().message()).startsWith("#12 may not go to production yet: ");
    }

    // locks

    private static final EnvironmentLock LOCK = new EnvironmentLock("api", "staging", APPROVER, "testing the release",
            Instant.parse("2026-12-18T09:00:00Z"));

    @Test
    void refuses_a_request_where_someone_else_holds_the_lock() {
        Ruling ruling = RULES.check(locked(deploy(STAGING, DEPLOYER, "main"), LOCK));

        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.LOCKED);
        assertThat(ruling.refusal().message()).isEqualTo("api staging is locked by carol since 2026-12-18T09:00:00Z"
                + " (testing the release); ask them to `unlock api staging`.");
    }

    @Test
    void keeps_a_deployment_queued_before_the_lock_waiting_until_it_is_lifted() {
        Ruling ruling = RULES.check(locked(deploy(STAGING, DEPLOYER, "main", Stage.START), LOCK));

        assertThat(ruling.waitsAs()).isEqualTo(DeploymentState.QUEUED);
        assertThat(ruling.why()).isEqualTo("held by the lock carol took (testing the release)");
    }

    @Test
    void lets_the_lock_holder_deploy() {
        assertThat(RULES.check(locked(deploy(STAGING, APPROVER, "main"), LOCK)).passes()).isTrue();
        assertThat(RULES.check(locked(deploy(STAGING, APPROVER, "main", Stage.START), LOCK)).passes()).isTrue();
    }

    // change freezes

    @Test
    void refuses_a_deployment_during_a_freeze_naming_its_end() {
        Environment refusing = whenBusy(WhenBusy.REFUSE);

        Ruling ruling = RULES.check(frozen(deploy(refusing, DEPLOYER, "main"), yearEnd(refusing)));

        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.FROZEN);
        assertThat(ruling.refusal().message()).isEqualTo("api staging is frozen: the change freeze \"year end\" until"
                + " Mon 4 Jan 09:00 Europe/Paris (in 16d22h). An owner may push one deployment through with"
                + " `deploy … --force <reason>`.");
    }

    @Test
    void holds_a_deployment_in_the_queue_during_a_freeze_where_busy_environments_queue() {
        Ruling ruling = RULES.check(frozen(deploy(STAGING, DEPLOYER, "main"), yearEnd(STAGING)));

        assertThat(ruling.waitsAs()).isEqualTo(DeploymentState.QUEUED);
        assertThat(ruling.why()).isEqualTo(
                "held by the change freeze \"year end\" until Mon 4 Jan 09:00 Europe/Paris (in 16d22h)");
    }

    @Test
    void names_who_froze_an_environment_from_chat() {
        Freeze fromChat = new Freeze("api", "staging", "incident", NOW.minusSeconds(3600), NOW.plusSeconds(7200),
                OWNER, null);

        assertThat(RULES.check(frozen(deploy(STAGING, DEPLOYER, "main"), fromChat)).why())
                .startsWith("held by the change freeze \"incident\" of alice until Fri 18 Dec 12:00 ")
                .endsWith("(in 2h)");
    }

    @Test
    void lets_an_owners_forced_deployment_through_a_freeze_once_confirmed() {
        Environment refusing = whenBusy(WhenBusy.REFUSE);
        Attempt forced = frozen(deploy(refusing, OWNER, "main", Stage.CONFIRMED), yearEnd(refusing))
                .forcedBecause("hotfix for the outage");

        assertThat(RULES.check(forced).passes()).isTrue();
        assertThat(RULES.check(forced.deploying("main", RefKind.GIT, Stage.START)).passes()).isTrue();
    }

    @Test
    void keeps_a_queued_deployment_waiting_at_start_during_a_freeze_even_where_requests_are_refused() {
        Environment refusing = whenBusy(WhenBusy.REFUSE);

        Ruling ruling = RULES.check(frozen(deploy(refusing, DEPLOYER, "main", Stage.START), yearEnd(refusing)));

        assertThat(ruling.waitsAs()).isEqualTo(DeploymentState.QUEUED);
        assertThat(ruling.why()).startsWith("held by the change freeze \"year end\"");
    }

    // one at a time

    @Test
    void refuses_a_deployment_while_another_holds_the_environment_where_busy_environments_refuse() {
        Ruling ruling = RULES.check(busy(deploy(whenBusy(WhenBusy.REFUSE), OWNER, "main"), running41(), List.of()));

        assertThat(ruling.refusal().code()).isEqualTo(ErrorCode.ENVIRONMENT_BUSY);
        assertThat(ruling.refusal().message()).isEqualTo(
                "api staging is busy: deployment #41 of main by bob is running. Wait for it or `cancel 41`.");
    }

    @Test
    void queues_a_deployment_behind_the_one_that_holds_the_environment_telling_its_progress() {
        Ruling ruling = RULES.check(busy(deploy(STAGING, OWNER, "main"), running41(), List.of()));

        assertThat(ruling.waitsAs()).isEqualTo(DeploymentState.QUEUED);
        assertThat(ruling.why()).isEqualTo("queued behind #41 (running, 2 of 3 min), position 1");
    }

    @Test
    void tells_only_the_elapsed_time_when_the_usual_duration_is_unknown() {
        Attempt attempt = deploy(STAGING, OWNER, "main").standing(Optional.empty(), Optional.of(running41()),
                QueueAhead.EMPTY, Optional.empty(), Optional.empty());

        assertThat(RULES.check(attempt).why()).isEqualTo("queued behind #41 (running, 2 min), position 1");
    }

    @Test
    void counts_the_deployments_queued_ahead_in_the_position() {
        List<Deployment> ahead = List.of(
                deployment(42, DeploymentState.QUEUED, APPROVER, NOW.minus(Duration.ofMinutes(1))),
                deployment(43, DeploymentState.QUEUED, QA, NOW.minusSeconds(30)));

        Ruling ruling = RULES.check(busy(deploy(STAGING, OWNER, "main"), running41(), ahead));

        assertThat(ruling.waitsAs()).isEqualTo(DeploymentState.QUEUED);
        assertThat(ruling.why()).isEqualTo("queued behind #43 (queued), position 3");
    }

    @Test
    void refuses_naming_the_first_queued_where_busy_environments_refuse_and_nothing_runs_yet() {
        Deployment queued = deployment(42, DeploymentState.QUEUED, APPROVER, NOW.minus(Duration.ofMinutes(1)));
        Attempt attempt = deploy(whenBusy(WhenBusy.REFUSE), OWNER, "main").standing(Optional.empty(),
                Optional.empty(), QueueAhead.of(List.of(queued)), Optional.empty(), Optional.empty());

        assertThat(RULES.check(attempt).refusal().message()).contains("#42", "carol", "queued");
    }

    @Test
    void keeps_a_queued_deployment_waiting_at_start_even_where_requests_are_refused() {
        Ruling ruling = RULES.check(busy(deploy(whenBusy(WhenBusy.REFUSE), OWNER, "main", Stage.START), running41(),
                List.of()));

        assertThat(ruling.waitsAs()).isEqualTo(DeploymentState.QUEUED);
        assertThat(ruling.why()).isEqualTo("queued behind #41 (running, 2 of 3 min), position 1");
    }

    // the chain's order

    @Test
    void a_refusal_beats_an_earlier_rules_wait() {
        Environment confirmingOwnersOnly = environment("production", policy(List.of(), List.of(Policy.OWNERS), null,
                WhenBusy.QUEUE, true, List.of()));

        assertThat(RULES.check(deploy(confirmingOwnersOnly, DEPLOYER, "main")).refusal().code())
                .isEqualTo(ErrorCode.NOT_A_DEPLOYER);
    }

    @Test
    void a_lock_refusal_beats_the_confirmation_wait() {
        EnvironmentLock lock = new EnvironmentLock("api", "production", APPROVER, "", NOW.minusSeconds(60));

        assertThat(RULES.check(locked(deploy(confirming(), DEPLOYER, "main"), lock)).refusal().code())
                .isEqualTo(ErrorCode.LOCKED);
    }

    @Test
    void the_confirmation_wait_beats_the_approval_wait_which_beats_the_queue() {
        Environment everything = environment("production", policy(List.of(), List.of(), TWO_APPROVALS, WhenBusy.QUEUE,
                true, List.of()));
        Attempt request = busy(deploy(everything, DEPLOYER, "main"), running41(), List.of());

        assertThat(RULES.check(request).waitsAs()).isEqualTo(DeploymentState.REQUESTED);
        Ruling confirmed = RULES.check(request.deploying("main", RefKind.GIT, Stage.CONFIRMED));
        assertThat(confirmed.waitsAs()).isEqualTo(DeploymentState.AWAITING_APPROVAL);
        Ruling approved = RULES.check(request.deploying("main", RefKind.GIT, Stage.CONFIRMED)
                .withVerdicts(List.of(approved(QA), approved(APPROVER)), true));
        assertThat(approved.waitsAs()).isEqualTo(DeploymentState.QUEUED);
        assertThat(approved.why()).startsWith("queued behind #41");
    }

    @Test
    void the_queue_wait_comes_after_a_freeze_wait() {
        Attempt attempt = deploy(STAGING, DEPLOYER, "main").standing(Optional.empty(), Optional.of(running41()),
                QueueAhead.EMPTY, Optional.of(yearEnd(STAGING)), Optional.empty());

        assertThat(RULES.check(attempt).why()).startsWith("held by the change freeze");
    }

    @Test
    void passes_a_deployment_nothing_stands_in_the_way_of() {
        assertThat(RULES.check(deploy(PRODUCTION, DEPLOYER, "release/2.0"))).isEqualTo(Ruling.PASS);
    }
}
