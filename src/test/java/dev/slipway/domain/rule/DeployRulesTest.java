package dev.slipway.domain.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Environment;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Policy;
import dev.slipway.domain.Project;
import dev.slipway.domain.RefKind;
import dev.slipway.domain.RefPattern;
import dev.slipway.domain.Refusal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeployRulesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Environment PRODUCTION = new Environment("production",
            new Policy(List.of(new RefPattern("main"), new RefPattern("release/*")), List.of("owners"), "main"), "script", null);
    private static final Environment STAGING = new Environment("staging", Policy.open(), "script", null);
    private static final Project API = new Project("api", "API", List.of("U_OWNER"), List.of("U_QA"), "C1", null,
            Map.of("production", PRODUCTION, "staging", STAGING));

    private static DeployAttempt attempt(Environment env, String ref, String user) {
        return new DeployAttempt(API, env, ref, user, Optional.empty(), Optional.empty());
    }

    @Test
    void allowed_ref_rule_accepts_matching_refs_and_any_ref_without_patterns() {
        assertThat(new AllowedRefRule().check(attempt(PRODUCTION, "main", "U_OWNER"))).isEmpty();
        assertThat(new AllowedRefRule().check(attempt(PRODUCTION, "release/2.0", "U_OWNER"))).isEmpty();
        assertThat(new AllowedRefRule().check(attempt(STAGING, "feature/x", "U_OWNER"))).isEmpty();
    }

    @Test
    void refuses_production_deploy_from_a_feature_branch() {
        Optional<Refusal> refusal = new AllowedRefRule().check(attempt(PRODUCTION, "feature/login", "U_OWNER"));
        assertThat(refusal).get().extracting(Refusal::code).isEqualTo(ErrorCode.REF_NOT_ALLOWED);
        assertThat(refusal.get().message()).contains("feature/login", "main, release/*");
    }

    @Test
    void permission_rule_knows_the_groups_and_user_ids() {
        assertThat(new PermissionRule().check(attempt(PRODUCTION, "main", "U_OWNER"))).isEmpty();
        assertThat(new PermissionRule().check(attempt(STAGING, "main", "U_ANYBODY"))).isEmpty();
        Environment qaOnly = new Environment("qa", new Policy(List.of(), List.of("qa", "U_BOT"), null), "script", null);
        assertThat(new PermissionRule().check(attempt(qaOnly, "main", "U_QA"))).isEmpty();
        assertThat(new PermissionRule().check(attempt(qaOnly, "main", "U_BOT"))).isEmpty();
        assertThat(new PermissionRule().check(attempt(qaOnly, "main", "U_OWNER"))).isPresent();
    }

    @Test
    void refuses_a_non_owner_on_an_owners_only_environment_and_names_the_owners() {
        Optional<Refusal> refusal = new PermissionRule().check(attempt(PRODUCTION, "main", "U_QA"));
        assertThat(refusal).get().extracting(Refusal::code).isEqualTo(ErrorCode.NOT_A_DEPLOYER);
        assertThat(refusal.get().message()).contains("U_QA", "U_OWNER");
    }

    @Test
    void lock_rule_lets_only_the_holder_through() {
        EnvironmentLock lock = new EnvironmentLock("api", "staging", "U_QA", "testing the release", T0);
        DeployAttempt byHolder = new DeployAttempt(API, STAGING, "main", "U_QA", Optional.of(lock), Optional.empty());
        DeployAttempt byOther = new DeployAttempt(API, STAGING, "main", "U_OWNER", Optional.of(lock), Optional.empty());
        assertThat(new LockRule().check(byHolder)).isEmpty();
        Optional<Refusal> refusal = new LockRule().check(byOther);
        assertThat(refusal).get().extracting(Refusal::code).isEqualTo(ErrorCode.LOCKED);
        assertThat(refusal.get().message()).contains("U_QA", "testing the release", "unlock api staging");
    }

    @Test
    void one_at_a_time_rule_names_the_deployment_in_the_way() {
        Deployment running = Deployment.request("api", "staging", "main", "U_QA", ChatOrigin.console("U_QA"),
                DeploymentState.RUNNING, T0).withId(7);
        DeployAttempt second = new DeployAttempt(API, STAGING, "main", "U_OWNER", Optional.empty(), Optional.of(running));
        Optional<Refusal> refusal = new OneAtATimeRule().check(second);
        assertThat(refusal).get().extracting(Refusal::code).isEqualTo(ErrorCode.ENVIRONMENT_BUSY);
        assertThat(refusal.get().message()).contains("#7", "U_QA", "running");
        assertThat(new OneAtATimeRule().check(attempt(STAGING, "main", "U_OWNER"))).isEmpty();
    }

    @Test
    void standard_rules_report_the_first_refusal_in_order() {
        EnvironmentLock lock = new EnvironmentLock("api", "production", "U_OWNER", "", T0);
        DeployAttempt badRefAndLocked = new DeployAttempt(API, PRODUCTION, "feature/x", "U_QA", Optional.of(lock), Optional.empty());
        assertThat(DeployRules.standard().check(badRefAndLocked)).get().extracting(Refusal::code)
                .isEqualTo(ErrorCode.REF_NOT_ALLOWED);
        assertThat(DeployRules.standard().check(attempt(PRODUCTION, "main", "U_OWNER"))).isEmpty();
    }

    @Test
    void ref_format_rule_refuses_a_malformed_ref_and_says_which_rule_it_breaks() {
        assertThat(new RefFormatRule().check(attempt(STAGING, "feature/login", "U_OWNER"))).isEmpty();
        assertThat(new RefFormatRule().check(attempt(STAGING, ";id", "U_OWNER"))).isEmpty(); // a name git accepts
        Optional<Refusal> space = new RefFormatRule().check(attempt(STAGING, "a b", "U_OWNER"));
        assertThat(space).get().extracting(Refusal::code).isEqualTo(ErrorCode.BAD_REF);
        assertThat(space.get().message()).isEqualTo("`a b` is not a valid ref: it contains a space.");
        assertThat(new RefFormatRule().check(attempt(STAGING, "a\u0000b", "U_OWNER"))).get()
                .extracting(Refusal::message)
                .isEqualTo("`a\\u0000b` is not a valid ref: it contains a control character (U+0000).");
        assertThat(new RefFormatRule().check(attempt(STAGING, "-x", "U_OWNER"))).get().extracting(Refusal::message)
                .isEqualTo("`-x` is not a valid ref: it starts with `-`.");
    }

    @Test
    void ref_format_rule_quotes_a_long_ref_as_a_short_excerpt() {
        String huge = "a".repeat(1024 * 1024);
        Refusal refusal = new RefFormatRule().check(attempt(STAGING, huge, "U_OWNER")).orElseThrow();
        assertThat(refusal.message())
                .isEqualTo("`" + "a".repeat(39) + "…` is not a valid ref: it is longer than 255 bytes.");
    }

    @Test
    void ref_format_rule_follows_the_grammar_of_the_attempt() {
        Environment cluster = new Environment("production", Policy.open(), "kubernetes", null, RefKind.IMAGE);
        DeployAttempt image = new DeployAttempt(API, cluster, "registry.example.com/demo:1.0", "U_OWNER",
                Optional.empty(), Optional.empty());
        assertThat(new RefFormatRule().check(image)).isEmpty();
        DeployAttempt branch = new DeployAttempt(API, cluster, "feature/Login", "U_OWNER", Optional.empty(),
                Optional.empty());
        assertThat(new RefFormatRule().check(branch)).get().extracting(Refusal::message).asString()
                .startsWith("`feature/Login` is not a valid image reference: it is not of the form");
        // a reviewed build's image, promoted to an environment whose backend otherwise takes git refs
        DeployAttempt promoted = new DeployAttempt(API, PRODUCTION, "registry.example.com/demo:1.0", RefKind.IMAGE,
                "U_OWNER", Optional.empty(), Optional.empty());
        assertThat(new RefFormatRule().check(promoted)).isEmpty();
        assertThat(new RefFormatRule().check(attempt(PRODUCTION, "registry.example.com/demo:1.0", "U_OWNER")))
                .get().extracting(Refusal::message).isEqualTo(
                        "`registry.example.com/demo:1.0` is not a valid ref: it contains `:`.");
    }

    @Test
    void standard_rules_check_the_ref_first_and_allowed_ref_rule_never_passes_a_malformed_one() {
        EnvironmentLock lock = new EnvironmentLock("api", "production", "U_OWNER", "", T0);
        DeployAttempt everythingWrong = new DeployAttempt(API, PRODUCTION, "release/a..b", "U_QA", Optional.of(lock),
                Optional.empty());
        assertThat(DeployRules.standard().check(everythingWrong)).get().extracting(Refusal::code)
                .isEqualTo(ErrorCode.BAD_REF);
        assertThat(DeployRules.standard().rules().get(0)).isInstanceOf(RefFormatRule.class);
        // alone, the allowed-ref rule refuses it too, even where any ref is allowed
        assertThat(new AllowedRefRule().check(attempt(PRODUCTION, "release/a..b", "U_OWNER"))).get()
                .extracting(Refusal::code).isEqualTo(ErrorCode.BAD_REF);
        assertThat(new AllowedRefRule().check(attempt(STAGING, "a b", "U_OWNER"))).get()
                .extracting(Refusal::code).isEqualTo(ErrorCode.BAD_REF);
    }
}
