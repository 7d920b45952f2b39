package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RunbookTest {
    private final Runbook restart = new Runbook("restart-web", "Restart the web tier", null, List.of(
            new RunbookParameter("environment", true, null, List.of("staging", "production"), null, false),
            new RunbookParameter("reason", false, null, List.of(), null, false),
            new RunbookParameter("ticket", false, Pattern.compile("OPS-[0-9]+"), List.of(), "OPS-1", false),
            new RunbookParameter("token", false, null, List.of(), null, true)), null, "api", Policy.open());

    @Test
    void takes_values_in_the_order_of_its_parameters_or_by_name_and_fills_defaults() {
        assertThat(restart.arguments(List.of("staging", "disk is full")))
                .containsExactly(entry("environment", "staging"), entry("reason", "disk is full"),
                        entry("ticket", "OPS-1"));
        assertThat(restart.arguments(List.of("production", "ticket=OPS-42", "token=s3cret")))
                .containsExactly(entry("environment", "production"), entry("ticket", "OPS-42"),
                        entry("token", "s3cret"));
        assertThat(restart.arguments(List.of("reason=a=b", "environment=staging")))
                .containsEntry("reason", "a=b").containsEntry("environment", "staging");
    }

    @Test
    void a_value_may_hold_an_equals_sign_when_it_names_no_parameter() {
        assertThat(restart.arguments(List.of("staging", "x == y"))).containsEntry("reason", "x == y");
    }

    @Test
    void refuses_what_breaks_the_parameters_with_the_usage() {
        assertRefused(List.of(), "`environment` is required");
        assertNotAllowed(List.of("qa"), "`environment` must be one of staging, production (got `qa`)");
        assertNotAllowed(List.of("staging", "ticket=JIRA-1"), "`ticket` must match OPS-[0-9]+ (got `JIRA-1`)");
        assertRefused(List.of("staging", "colour=red"), "it has no parameter `colour`");
        assertRefused(List.of("staging", "a", "OPS-2", "t", "extra"), "it takes at most 4 values");
        assertRefused(List.of("environment=staging", "why"), "give positional values before name=value ones");
        assertRefused(List.of("staging", "environment=production"), "`environment` is given twice");
        assertNotAllowed(List.of("staging", "line\nbreak"), "`reason` contains a control character");
        assertNotAllowed(List.of("staging", "x".repeat(501)), "`reason` is longer than 500 characters");
    }

    @Test
    void a_secret_value_is_masked_where_it_is_shown_even_in_a_refusal() {
        Runbook withPattern = new Runbook("login", null, null, List.of(
                new RunbookParameter("password", true, Pattern.compile("[a-z]+"), List.of(), null, true)),
                null, null, Policy.open());
        assertThatThrownBy(() -> withPattern.arguments(List.of("Hunter2")))
                .hasMessageContaining("`password` must match [a-z]+ (got `***`)")
                .hasMessageNotContaining("Hunter2");
        assertThat(restart.shown(restart.arguments(List.of("staging", "disk is full", "token=s3cret"))))
                .isEqualTo("environment=staging reason=\"disk is full\" ticket=OPS-1 token=***");
        assertThat(restart.usage()).isEqualTo(
                "runbook restart-web <environment: staging|production> [reason] [ticket = OPS-1] [token]");
    }

    @Test
    void its_runs_go_to_an_environment_no_configured_one_can_be_named() {
        assertThat(restart.environment()).isEqualTo("runbook:restart-web");
        assertThat(Runbook.isRunbookEnvironment("runbook:restart-web")).isTrue();
        assertThat(Runbook.isRunbookEnvironment("production")).isFalse();
        assertThat(Runbook.nameOf("runbook:restart-web")).isEqualTo("restart-web");
        assertThat(new Runbook("x", null, null, List.of(), null, null, Policy.open()).project())
                .isEqualTo(Runbook.NO_PROJECT);
        assertThat(RefKind.RUNBOOK.accepts("environment=staging reason=\"disk is full\"")).isTrue();
        assertThat(RefKind.RUNBOOK.accepts("a\nb")).isFalse();
    }

    private void assertRefused(List<String> words, String why) {
        assertRefused(words, ErrorCode.BAD_ARGUMENTS, why);
    }

    /** A value its parameter does not allow: a refusal the audit log keeps. */
    private void assertNotAllowed(List<String> words, String why) {
        assertRefused(words, ErrorCode.ARGUMENT_NOT_ALLOWED, why);
    }

    private void assertRefused(List<String> words, ErrorCode code, String why) {
        assertThatThrownBy(() -> restart.arguments(words))
                .isInstanceOfSatisfying(RefusedException.class, e -> {
                    assertThat(e.refusal().code()).isEqualTo(code);
                    assertThat(e.refusal().message()).isEqualTo("Runbook restart-web: " + why + ".\nUsage: "
                            + restart.usage());
                });
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return java.util.Map.entry(key, value);
    }
}
