package dev.slipway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.PreviewSlot;
import dev.slipway.domain.Runbook;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeploymentMessagesTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String IMAGE = "registry.example.com/acme/shop:1.4.2";
    private static final ChatOrigin ORIGIN = new ChatOrigin("slack", "C042", null);

    private final Deployment preview = Deployment.preview("shop", "preview", IMAGE, "U-CI", ORIGIN,
            new PreviewSlot("branch", "feature-login"), T0).withId(14);
    private final Deployment plain = Deployment.request("api", "production", "main", "U01", ORIGIN,
            DeploymentState.QUEUED, T0).withId(12);

    @Test
    void a_running_deployment_whose_outcome_is_unknown_says_so_and_what_to_do() {
        String summary = Deployment.OUTCOME_UNKNOWN + "the script ran on web-1, which this server cannot see; check it,"
                + " then `resolve 12 succeeded|failed`, or `cancel 12`";
        Deployment held = plain.moveTo(DeploymentState.RUNNING, T0.plusSeconds(1)).withResult(summary, null);

        assertThat(DeploymentMessages.headline(held, DeploymentState.RUNNING))
                .isEqualTo("#12 api main → production: running (" + summary + ")");
        assertThat(DeploymentMessages.headline(held.withResult(null, null), DeploymentState.RUNNING))
                .isEqualTo("#12 api main → production: running");
    }

    @Test
    void a_queued_preview_is_an_attempt_to_deploy_the_build() {
        assertThat(DeploymentMessages.headline(preview, DeploymentState.QUEUED))
                .isEqualTo("#14 shop: attempting deployment of " + IMAGE + " (branch feature-login)");
    }

    @Test
    void a_running_preview_is_still_an_attempt_and_says_where_it_will_be() {
        Deployment running = preview.moveTo(DeploymentState.RUNNING, T0.plusSeconds(1))
                .withRun("shop-feature-login", "https://feature-login.preview.shop.example.com");

        assertThat(DeploymentMessages.headline(running, running.state()))
                .isEqualTo("#14 shop: attempting deployment of " + IMAGE + " (branch feature-login)"
                        + " at https://feature-login.preview.shop.example.com");
    }

    @Test
    void a_succeeded_preview_says_where_it_was_deployed_and_where_to_see_it() {
        Deployment succeeded = preview.moveTo(DeploymentState.RUNNING, T0.plusSeconds(1))
                .withRun("shop-feature-login", "https://feature-login.preview.shop.example.com")
                .moveTo(DeploymentState.SUCCEEDED, T0.plusSeconds(40));

        assertThat(DeploymentMessages.headline(succeeded, succeeded.state()))
                .isEqualTo("#14 shop: deployed " + IMAGE + " (branch feature-login) to preview:"
                        + " https://feature-login.preview.shop.example.com");
    }

    @Test
    void a_succeeded_preview_without_a_url_names_only_the_environment() {
        Deployment succeeded = preview.moveTo(DeploymentState.RUNNING, T0.plusSeconds(1))
                .moveTo(DeploymentState.SUCCEEDED, T0.plusSeconds(40));

        assertThat(DeploymentMessages.headline(succeeded, succeeded.state()))
                .isEqualTo("#14 shop: deployed " + IMAGE + " (branch feature-login) to preview");
    }

    @Test
    void a_failed_preview_says_why() {
        Deployment failed = preview.moveTo(DeploymentState.RUNNING, T0.plusSeconds(1))
                .moveTo(DeploymentState.FAILED, T0.plusSeconds(300))
                .withResult("rollout did not become available within 5m", null);

        assertThat(DeploymentMessages.headline(failed, failed.state()))
                .isEqualTo("#14 shop: deployment of " + IMAGE + " (branch feature-login) failed:"
                        + " rollout did not become available within 5m");
    }

    @Test
    void a_failed_preview_without_a_summary_just_says_failed() {
        Deployment failed = preview.moveTo(DeploymentState.FAILED, T0.plusSeconds(1));

        assertThat(DeploymentMessages.headline(failed, failed.state()))
                .isEqualTo("#14 shop: deployment of " + IMAGE + " (branch feature-login) failed");
    }

    @Test
    void a_tag_preview_names_its_tag() {
        Deployment tag = Deployment.preview("shop", "preview", "shop:v1.2.3", "U-CI", ORIGIN,
                new PreviewSlot("tag", "v1-2-3"), T0).withId(15);

        assertThat(DeploymentMessages.headline(tag, tag.state()))
                .isEqualTo("#15 shop: attempting deployment of shop:v1.2.3 (tag v1-2-3)");
    }

    @Test
    void a_plain_deployment_keeps_its_headline() {
        Deployment running = plain.moveTo(DeploymentState.RUNNING, T0.plusSeconds(5))
                .withRun("77", "https://ci.example/77");
        Deployment succeeded = running.moveTo(DeploymentState.SUCCEEDED, T0.plusSeconds(130))
                .withResult("pipeline passed", null);
        Deployment cancelled = plain.moveTo(DeploymentState.CANCELLED, T0.plusSeconds(1));

        assertThat(DeploymentMessages.headline(plain, plain.state()))
                .isEqualTo("#12 api main → production: queued (asked by U01)");
        assertThat(DeploymentMessages.headline(running, running.state()))
                .isEqualTo("#12 api main → production: running — https://ci.example/77");
        assertThat(DeploymentMessages.headline(succeeded, succeeded.state()))
                .isEqualTo("#12 api main → production: succeeded (pipeline passed) in 2m 5s — asked by U01,"
                        + " ended 2026-03-01 10:02 UTC");
        assertThat(DeploymentMessages.headline(cancelled, cancelled.state()))
                .isEqualTo("#12 api main → production: cancelled — asked by U01, ended 2026-03-01 10:00 UTC");
    }

    @Test
    void a_surface_writes_the_words_people_and_moments_its_own_way() {
        DeploymentMessages.Words shouting = new DeploymentMessages.Words() {
            @Override
            public String text(String plain) {
                return plain.toUpperCase(java.util.Locale.ROOT);
            }

            @Override
            public String person(String user) {
                return "<@" + user + ">";
            }

            @Override
            public String time(Instant at) {
                return "[" + at.getEpochSecond() + "]";
            }
        };
        Deployment failed = plain.moveTo(DeploymentState.RUNNING, T0.plusSeconds(5))
                .moveTo(DeploymentState.FAILED, T0.plusSeconds(8)).withResult("exit code 3", null);

        assertThat(DeploymentMessages.headline(plain, plain.state(), shouting))
                .isEqualTo("#12 API MAIN → PRODUCTION: QUEUED (asked by <@U01>)");
        assertThat(DeploymentMessages.headline(failed, failed.state(), shouting))
                .isEqualTo("#12 API MAIN → PRODUCTION: FAILED (EXIT CODE 3) IN 3S — asked by <@U01>, ended ["
                        + T0.plusSeconds(8).getEpochSecond() + "]");
    }

    @Test
    void a_deployment_waiting_for_its_requester_offers_deploy_with_a_question_and_cancel() {
        Deployment requested = Deployment.request("api", "production", "main", "U01", ORIGIN,
                DeploymentState.REQUESTED, T0).withId(12);

        assertThat(DeploymentMessages.choices(requested, DeploymentState.REQUESTED, true)).containsExactly(
                new Choice("confirm", "12", "Deploy", Choice.Style.PRIMARY, "Deploy api main to production?"),
                new Choice("cancel", "12", "Cancel"));
    }

    @Test
    void a_waiting_or_queued_deployment_offers_cancel_and_a_running_one_asks_before_stopping() {
        Deployment running = plain.moveTo(DeploymentState.RUNNING, T0.plusSeconds(1));

        assertThat(DeploymentMessages.choices(plain, DeploymentState.AWAITING_APPROVAL, true))
                .containsExactly(new Choice("cancel", "12", "Cancel"));
        assertThat(DeploymentMessages.choices(plain, DeploymentState.QUEUED, false))
                .containsExactly(new Choice("cancel", "12", "Cancel"));
        assertThat(DeploymentMessages.choices(running, DeploymentState.RUNNING, true)).containsExactly(
                new Choice("cancel", "12", "Cancel", Choice.Style.DANGER, "Stop deploying api main to production?"));
    }

    @Test
    void a_failure_offers_retry_and_only_a_production_success_offers_rollback() {
        Deployment succeeded = plain.moveTo(DeploymentState.RUNNING, T0.plusSeconds(1))
                .moveTo(DeploymentState.SUCCEEDED, T0.plusSeconds(2));

        assertThat(DeploymentMessages.choices(plain, DeploymentState.FAILED, true))
                .containsExactly(new Choice("retry", "12", "Retry"));
        assertThat(DeploymentMessages.choices(succeeded, DeploymentState.SUCCEEDED, true)).containsExactly(
                new Choice("rollback", "12", "Rollback", Choice.Style.DANGER,
                        "Roll api production back to the version before main (#12)?"));
        assertThat(DeploymentMessages.choices(succeeded, DeploymentState.SUCCEEDED, false)).isEmpty();
        assertThat(DeploymentMessages.choices(plain, DeploymentState.CANCELLED, true)).isEmpty();
        assertThat(DeploymentMessages.choices(plain, DeploymentState.REJECTED, true)).isEmpty();
    }

    @Test
    void a_preview_has_no_buttons_and_a_runbook_run_only_cancel_while_queued_or_running() {
        Deployment runbook = Deployment.request(Runbook.NO_PROJECT, Runbook.ENVIRONMENT_PREFIX + "restart-web",
                "environment=staging", "U01", ORIGIN, DeploymentState.QUEUED, T0).withId(20);

        for (DeploymentState state : DeploymentState.values()) {
            assertThat(DeploymentMessages.choices(preview, state, true)).as(state.label()).isEmpty();
        }
        assertThat(DeploymentMessages.choices(runbook, DeploymentState.QUEUED, false))
                .containsExactly(new Choice("cancel", "20", "Cancel"));
        assertThat(DeploymentMessages.choices(runbook, DeploymentState.RUNNING, false)).containsExactly(new Choice(
                "cancel", "20", "Cancel", Choice.Style.DANGER, "Stop runbook restart-web environment=staging?"));
        assertThat(DeploymentMessages.choices(runbook, DeploymentState.FAILED, true)).isEmpty();
        assertThat(DeploymentMessages.choices(runbook, DeploymentState.SUCCEEDED, true)).isEmpty();
        assertThat(DeploymentMessages.choices(runbook, DeploymentState.REQUESTED, true)).isEmpty();
    }
}
