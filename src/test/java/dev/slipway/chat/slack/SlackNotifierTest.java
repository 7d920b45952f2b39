package dev.slipway.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.methods.MethodsClient;
import dev.slipway.chat.ChatDeliveryException;
import dev.slipway.chat.DeploymentMessages;
import dev.slipway.chat.Choice;
import dev.slipway.chat.ReviewCard;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.FakeSlack.Call;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One Slack message per deployment, details in its thread, reactions on the mention; one direct message per review
 * card, updated in place, replies in its thread; errors say if a retry helps.
 */
class SlackNotifierTest {
    private static final String CHANNEL = "C0001";
    private static final String MENTION = "1717171600.000100";
    private static final Instant T0 = Instant.parse("2024-06-01T12:00:00Z");
    private static final String REVIEWER = "U0002";
    private static final String REVIEW_TEXT = "<@U0001> asks you to review build #42 of *web-api* (`feature/login`).";

    private final FakeSlack slack = new FakeSlack(FakeSlack.TOKEN);
    private final SlackNotifier notifier = SlackNotifier.create(slack.apiUrl(), FakeSlack.TOKEN);

    @AfterEach
    void stop() {
        slack.close();
    }

    @Test
    void the_first_report_of_a_mention_is_posted_in_the_mentions_thread_and_returns_its_ts() throws Exception {
        Deployment queued = queued(new ChatOrigin("slack", CHANNEL, MENTION));

        String ref = notifier.report(queued, DeploymentState.QUEUED, null);

        Call post = slack.calls("chat.postMessage").get(0);
        assertThat(ref).isEqualTo("1717171800.000100");
        assertThat(post.param("channel")).isEqualTo(CHANNEL);
        assertThat(post.param("thread_ts")).isEqualTo(MENTION);
        assertThat(post.param("text")).isEqualTo("#42 web-api main → production: queued (asked by <@U0001>)");
        assertThat(post.param("blocks")).contains("\"type\":\"section\"").contains("queued");
    }

    @Test
    void a_reports_choices_are_buttons_with_their_style_and_question_which_a_later_report_replaces() throws Exception {
        Deployment running = queued(new ChatOrigin("slack", CHANNEL, MENTION)).moveTo(DeploymentState.RUNNING, T0);
        Deployment cancelled = running.moveTo(DeploymentState.CANCELLED, T0.plusSeconds(5));

        String ref = notifier.report(running, DeploymentState.RUNNING, null, List.of(),
                DeploymentMessages.choices(running, DeploymentState.RUNNING, true));
        notifier.report(cancelled, DeploymentState.CANCELLED, ref, List.of(), List.of());

        JsonNode posted = slack.calls("chat.postMessage").get(0).json("blocks");
        assertThat(posted).hasSize(2);
        JsonNode cancel = posted.get(1).path("elements").get(0);
        assertThat(cancel.path("action_id").asText()).isEqualTo("slipway.cancel");
        assertThat(cancel.path("value").asText()).isEqualTo("42");
        assertThat(cancel.path("style").asText()).isEqualTo("danger");
        assertThat(cancel.path("confirm").path("title").path("text").asText()).isEqualTo("Are you sure?");
        assertThat(cancel.path("confirm").path("text").path("text").asText())
                .isEqualTo("Stop deploying web-api main to production?");
        assertThat(cancel.path("confirm").path("confirm").path("text").asText()).isEqualTo("Yes");
        assertThat(cancel.path("confirm").path("deny").path("text").asText()).isEqualTo("Cancel");
        JsonNode updated = slack.calls("chat.update").get(0).json("blocks");
        assertThat(updated).singleElement().satisfies(block -> assertThat(block.path("type").asText()).isEqualTo("section"));
        assertThat(slack.calls("chat.update").get(0).param("text")).endsWith(
                "cancelled in 5s — asked by <@U0001>, ended <!date^1717243205^{date_short_pretty} {time}|2024-06-01T12:00:05Z>");
    }

    @Test
    void later_states_update_the_same_message_and_never_post_a_second_top_message() throws Exception {
        Deployment queued = queued(new ChatOrigin("slack", CHANNEL, MENTION));
        Deployment running = queued.moveTo(DeploymentState.RUNNING, T0.plusSeconds(5));
        Deployment succeeded = running.moveTo(DeploymentState.SUCCEEDED, T0.plusSeconds(65)).withResult("exit code 0", null);

        String ref = notifier.report(queued, DeploymentState.QUEUED, null);
        String again = notifier.report(running, DeploymentState.RUNNING, ref);
        String last = notifier.report(succeeded, DeploymentState.SUCCEEDED, again);

        assertThat(again).isEqualTo(ref);
        assertThat(last).isEqualTo(ref);
        assertThat(slack.calls("chat.postMessage")).hasSize(1);
        assertThat(slack.calls("chat.update")).hasSize(2).allSatisfy(update -> {
            assertThat(update.param("channel")).isEqualTo(CHANNEL);
            assertThat(update.param("ts")).isEqualTo(ref);
        });
        assertThat(slack.messages()).singleElement().satisfies(message -> {
            assertThat(message.threadTs()).isEqualTo(MENTION);
            assertThat(message.text()).isEqualTo("#42 web-api main → production: succeeded (exit code 0) in 1m 0s — asked by <@U0001>,"
                        + " ended <!date^1717243265^{date_short_pretty} {time}|2024-06-01T12:01:05Z>");
        });
    }

    @Test
    void a_slash_command_deployment_is_posted_in_the_channel_with_details_in_its_own_thread() throws Exception {
        Deployment queued = queued(new ChatOrigin("slack", CHANNEL, null));
        Deployment running = queued.moveTo(DeploymentState.RUNNING, T0.plusSeconds(5))
                .withRun("981", "https://gitlab.example.com/acme/web-api/-/pipelines/981");

        String ref = notifier.report(queued, DeploymentState.QUEUED, null);
        notifier.report(running, DeploymentState.RUNNING, ref);

        assertThat(slack.calls("chat.postMessage").get(0).param("thread_ts")).isNull();
        assertThat(slack.calls("chat.postMessage")).hasSize(2);
        assertThat(slack.calls("chat.postMessage").get(1).param("thread_ts")).isEqualTo(ref);
        assertThat(slack.calls("reactions.add")).isEmpty();
    }

    @Test
    void running_with_a_pipeline_page_posts_its_link_in_the_thread() throws Exception {
        Deployment queued = queued(new ChatOrigin("slack", CHANNEL, MENTION));
        Deployment running = queued.moveTo(DeploymentState.RUNNING, T0.plusSeconds(5))
                .withRun("981", "https://ci.example.com/p?id=981&view=log");

        String ref = notifier.report(queued, DeploymentState.QUEUED, null);
        notifier.report(running, DeploymentState.RUNNING, ref);

        Call link = slack.calls("chat.postMessage").get(1);
        assertThat(link.param("thread_ts")).isEqualTo(MENTION);
        assertThat(link.param("text")).isEqualTo("Pipeline: <https://ci.example.com/p?id=981&amp;view=log>");
        assertThat(link.param("blocks")).isNull();
    }

    @Test
    void a_run_whose_outcome_is_unknown_says_so_in_the_thread_with_what_to_do() throws Exception {
        Deployment running = queued(new ChatOrigin("slack", CHANNEL, MENTION)).moveTo(DeploymentState.RUNNING, T0);
        Deployment held = running.withResult(Deployment.OUTCOME_UNKNOWN + "the script ran on web-1, which this server"
                + " cannot see; check it, then `resolve 7 succeeded|failed`, or `cancel 7`", null);
        String ref = notifier.report(running, DeploymentState.RUNNING, null);

        notifier.report(held, DeploymentState.RUNNING, ref);

        assertThat(slack.calls("chat.update").get(0).param("text")).contains(": running (outcome unknown: ");
        assertThat(slack.calls("chat.postMessage")).hasSize(2);
        assertThat(slack.calls("chat.postMessage").get(1).param("text")).isEqualTo("*Outcome unknown:* the script ran"
                + " on web-1, which this server cannot see; check it, then `resolve 7 succeeded|failed`, or `cancel 7`");
    }

    @Test
    void the_end_posts_the_output_tail_in_a_code_block_and_a_failure_its_summary() throws Exception {
        Deployment running = queued(new ChatOrigin("slack", CHANNEL, MENTION)).moveTo(DeploymentState.RUNNING, T0);
        Deployment failed = running.moveTo(DeploymentState.FAILED, T0.plusSeconds(3))
                .withResult("exit code 2", "migrating <db>\nerror: lock timeout");
        String ref = notifier.report(running, DeploymentState.RUNNING, null);

        notifier.report(failed, DeploymentState.FAILED, ref);

        assertThat(slack.calls("chat.postMessage")).hasSize(2);
        Call tail = slack.calls("chat.postMessage").get(1);
        assertThat(tail.param("thread_ts")).isEqualTo(MENTION);
        assertThat(tail.param("text")).isEqualTo("*Failed:* exit code 2\n```\nmigrating &lt;db&gt;\nerror: lock timeout\n```");
    }

    @Test
    void a_success_without_output_posts_no_reply() throws Exception {
        Deployment running = queued(new ChatOrigin("slack", CHANNEL, null)).moveTo(DeploymentState.RUNNING, T0);
        String ref = notifier.report(running, DeploymentState.RUNNING, null);

        notifier.report(running.moveTo(DeploymentState.SUCCEEDED, T0.plusSeconds(1)).withResult("ok", " \n"),
                DeploymentState.SUCCEEDED, ref);

        assertThat(slack.calls("chat.postMessage")).hasSize(1);
    }

    @Test
    void a_mention_gets_eyes_while_it_runs_and_a_check_mark_when_it_succeeds() throws Exception {
        Deployment queued = queued(new ChatOrigin("slack", CHANNEL, MENTION));
        Deployment running = queued.moveTo(DeploymentState.RUNNING, T0);

        String ref = notifier.report(queued, DeploymentState.QUEUED, null);
        notifier.report(running, DeploymentState.RUNNING, ref);
        notifier.report(running.moveTo(DeploymentState.SUCCEEDED, T0.plusSeconds(2)), DeploymentState.SUCCEEDED, ref);

        assertThat(slack.reactions(CHANNEL, MENTION)).containsExactly("eyes", "white_check_mark");
        assertThat(slack.calls("reactions.add")).allSatisfy(call -> assertThat(call.param("timestamp")).isEqualTo(MENTION));
    }

    @Test
    void a_failed_cancelled_or_rejected_mention_gets_a_cross() throws Exception {
        Deployment running = queued(new ChatOrigin("slack", CHANNEL, MENTION)).moveTo(DeploymentState.RUNNING, T0);
        String ref = notifier.report(running, DeploymentState.RUNNING, null);
        Deployment rejected = Deployment.request("web-api", "production", "main", "U0001",
                new ChatOrigin("slack", CHANNEL, "1717171600.000900"), DeploymentState.AWAITING_APPROVAL, T0)
                .withId(43).moveTo(DeploymentState.REJECTED, T0.plusSeconds(9));

        notifier.report(running.moveTo(DeploymentState.FAILED, T0.plusSeconds(1)), DeploymentState.FAILED, ref);
        notifier.report(rejected, DeploymentState.REJECTED, null);

        assertThat(slack.reactions(CHANNEL, MENTION)).containsExactly("eyes", "x");
        assertThat(slack.reactions(CHANNEL, "1717171600.000900")).containsExactly("x");
    }

    @Test
    void a_reaction_slack_refuses_does_not_fail_the_report() throws Exception {
        slack.failNext("reactions.add", 1, "missing_scope");

        String ref = notifier.report(queued(new ChatOrigin("slack", CHANNEL, MENTION)), DeploymentState.QUEUED, null);

        assertThat(ref).isEqualTo("1717171800.000100");
    }

    @Test
    void a_rate_limit_is_retryable_after_the_seconds_slack_asked_and_the_retry_succeeds() throws Exception {
        Deployment queued = queued(new ChatOrigin("slack", CHANNEL, MENTION));
        slack.rateLimitNext("chat.postMessage", 1, 7);

        ChatDeliveryException limited = catchThrowableOfType(ChatDeliveryException.class,
                () -> notifier.report(queued, DeploymentState.QUEUED, null));
        String ref = notifier.report(queued, DeploymentState.QUEUED, null);

        assertThat(limited.retryable()).isTrue();
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(slack.calls("chat.postMessage")).hasSize(2);
        assertThat(slack.messages()).singleElement().extracting(FakeSlack.Message::ts).isEqualTo(ref);
    }

    @Test
    void a_rate_limit_said_in_the_body_is_retryable_too() {
        slack.failNext("chat.update", 1, "rate_limited");

        ChatDeliveryException limited = catchThrowableOfType(ChatDeliveryException.class,
                () -> notifier.report(queued(new ChatOrigin("slack", CHANNEL, null)), DeploymentState.QUEUED, "1.0"));

        assertThat(limited.retryable()).isTrue();
        assertThat(limited.retryAfter()).isEmpty();
    }

    @Test
    void server_errors_and_an_unreachable_slack_are_retryable() {
        slack.serverErrorNext("chat.postMessage", 1);
        FakeSlack gone = new FakeSlack(FakeSlack.TOKEN);
        gone.close();
        SlackNotifier unreachable = SlackNotifier.create(gone.apiUrl(), FakeSlack.TOKEN);
        Deployment queued = queued(new ChatOrigin("slack", CHANNEL, null));

        ChatDeliveryException broken = catchThrowableOfType(ChatDeliveryException.class,
                () -> notifier.report(queued, DeploymentState.QUEUED, null));
        ChatDeliveryException refused = catchThrowableOfType(ChatDeliveryException.class,
                () -> unreachable.report(queued, DeploymentState.QUEUED, null));

        assertThat(broken.retryable()).isTrue();
        assertThat(broken).hasMessage("Slack answered HTTP 503 to chat.postMessage");
        assertThat(refused.retryable()).isTrue();
        assertThat(refused.retryAfter()).isEmpty();
        assertThat(refused).hasMessageStartingWith("Slack unreachable for chat.postMessage");
    }

    @Test
    void a_missing_channel_is_not_retryable() {
        slack.removeChannel("C0404");

        ChatDeliveryException refused = catchThrowableOfType(ChatDeliveryException.class,
                () -> notifier.report(queued(new ChatOrigin("slack", "C0404", null)), DeploymentState.QUEUED, null));

        assertThat(refused.retryable()).isFalse();
        assertThat(refused).hasMessage("Slack refused chat.postMessage: channel_not_found");
    }

    @Test
    void a_wrong_token_is_not_retryable_and_never_shown() {
        String revoked = "xoxb-revoked-FakeToken";
        SlackNotifier stale = SlackNotifier.create(slack.apiUrl(), revoked);

        ChatDeliveryException refused = catchThrowableOfType(ChatDeliveryException.class,
                () -> stale.report(queued(new ChatOrigin("slack", CHANNEL, MENTION)), DeploymentState.QUEUED, null));

        assertThat(refused.retryable()).isFalse();
        assertThat(refused).hasMessage("Slack refused chat.postMessage: invalid_auth");
        assertThat(refused.toString()).doesNotContain(revoked);
    }

    @Test
    void the_token_travels_in_the_header_and_appears_in_no_error() throws Exception {
        slack.rateLimitNext("chat.postMessage", 1, 7);
        slack.serverErrorNext("chat.postMessage", 1);
        slack.failNext("chat.postMessage", 1, "missing_scope");
        slack.failNext("chat.postEphemeral", 1, "user_not_in_channel");
        Deployment queued = queued(new ChatOrigin("slack", CHANNEL, MENTION));

        for (int attempt = 0; attempt < 3; attempt++) {
            ChatDeliveryException e = catchThrowableOfType(ChatDeliveryException.class,
                    () -> notifier.report(queued, DeploymentState.QUEUED, null));
            assertThat(e.toString()).doesNotContain(FakeSlack.TOKEN);
        }
        ChatDeliveryException ephemeral = catchThrowableOfType(ChatDeliveryException.class,
                () -> notifier.postEphemeral(CHANNEL, "U0404", "no"));

        assertThat(ephemeral.toString()).doesNotContain(FakeSlack.TOKEN);
        assertThat(slack.calls()).allSatisfy(call -> {
            assertThat(call.headers()).containsEntry("authorization", "Bearer " + FakeSlack.TOKEN);
            assertThat(call.params()).doesNotContainKey("token");
        });
    }

    @Test
    void a_message_someone_deleted_is_posted_again_and_its_new_ts_returned() throws Exception {
        Deployment queued = queued(new ChatOrigin("slack", CHANNEL, MENTION));
        String ref = notifier.report(queued, DeploymentState.QUEUED, null);
        slack.deleteMessage(CHANNEL, ref);

        String reposted = notifier.report(queued.moveTo(DeploymentState.RUNNING, T0), DeploymentState.RUNNING, ref);

        assertThat(reposted).isNotEqualTo(ref);
        assertThat(slack.messages()).singleElement().satisfies(message -> {
            assertThat(message.ts()).isEqualTo(reposted);
            assertThat(message.threadTs()).isEqualTo(MENTION);
            assertThat(message.text()).contains(": running");
        });
    }

    @Test
    void a_message_that_can_no_longer_be_edited_is_replaced_too() throws Exception {
        slack.failNext("chat.update", 1, "cant_update_message");

        String ref = notifier.report(queued(new ChatOrigin("slack", CHANNEL, null)), DeploymentState.QUEUED, "1717000000.000100");

        assertThat(ref).isEqualTo("1717171800.000100");
    }

    @Test
    void details_that_fail_after_a_new_message_are_not_thrown_so_its_ts_is_kept() throws Exception {
        Deployment running = queued(new ChatOrigin("slack", CHANNEL, null)).moveTo(DeploymentState.RUNNING, T0)
                .withRun("981", "https://ci.example.com/981");
        SlackNotifier flaky = new SlackNotifier(secondPostFails(Slack.getInstance(SlackApiConfig.config(slack.apiUrl())).methods(FakeSlack.TOKEN)));

        String ref = flaky.report(running, DeploymentState.RUNNING, null);

        assertThat(ref).isEqualTo("1717171800.000100");
        assertThat(slack.messages()).singleElement().extracting(FakeSlack.Message::ts).isEqualTo(ref);
    }

    @Test
    void details_that_fail_under_a_known_message_are_thrown_so_the_report_is_retried() throws Exception {
        Deployment running = queued(new ChatOrigin("slack", CHANNEL, null)).moveTo(DeploymentState.RUNNING, T0)
                .withRun("981", "https://ci.example.com/981");
        String ref = notifier.report(queued(new ChatOrigin("slack", CHANNEL, null)), DeploymentState.QUEUED, null);
        slack.rateLimitNext("chat.postMessage", 1, 3);

        ChatDeliveryException later = catchThrowableOfType(ChatDeliveryException.class,
                () -> notifier.report(running, DeploymentState.RUNNING, ref));

        assertThat(slack.calls("chat.update")).hasSize(1);
        assertThat(later.retryable()).isTrue();
        assertThat(later.retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void post_reply_posts_in_a_thread_or_at_the_top_of_the_channel() throws Exception {
        String inThread = notifier.postReply(CHANNEL, MENTION, "Deploying *web-api*");
        String atTop = notifier.postReply(CHANNEL, null, "Locked production");

        assertThat(slack.messages()).containsExactly(
                new FakeSlack.Message(CHANNEL, inThread, MENTION, "Deploying *web-api*"),
                new FakeSlack.Message(CHANNEL, atTop, null, "Locked production"));
    }

    @Test
    void post_ephemeral_shows_the_text_to_one_user_and_maps_errors_the_same_way() throws Exception {
        notifier.postEphemeral(CHANNEL, "U0001", "Only members of @release-managers can approve production deploys.");
        slack.removeChannel("C0404");

        ChatDeliveryException refused = catchThrowableOfType(ChatDeliveryException.class,
                () -> notifier.postEphemeral("C0404", "U0001", "hi"));

        assertThat(slack.calls("chat.postEphemeral").get(0).params())
                .containsEntry("channel", CHANNEL).containsEntry("user", "U0001")
                .containsEntry("text", "Only members of @release-managers can approve production deploys.");
        assertThat(refused.retryable()).isFalse();
        assertThat(refused).hasMessage("Slack refused chat.postEphemeral: channel_not_found");
    }

    @Test
    void works_with_a_methods_client_the_caller_built() throws Exception {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(slack.apiUrl());
        SlackNotifier own = new SlackNotifier(Slack.getInstance(config).methods(FakeSlack.TOKEN));

        String ref = own.report(queued(new ChatOrigin("slack", CHANNEL, null)), DeploymentState.QUEUED, null);

        assertThat(ref).isEqualTo("1717171800.000100");
    }

    @Test
    void plain_words_are_escaped_and_a_requester_who_is_not_a_slack_user_is_not_mentioned() throws Exception {
        Deployment deployment = Deployment.request("a&b", "<prod>", "main", "alice",
                new ChatOrigin("slack", CHANNEL, null), DeploymentState.QUEUED, T0).withId(7);

        notifier.report(deployment, DeploymentState.QUEUED, null);

        assertThat(slack.calls("chat.postMessage").get(0).param("text"))
                .isEqualTo("#7 a&amp;b main → &lt;prod&gt;: queued (asked by alice)");
    }

    @Test
    void the_first_review_card_opens_the_recipients_direct_message_and_posts_its_text_and_buttons() throws Exception {
        String ref = notifier.showReview(reviewCard(), null);

        Call open = slack.calls("conversations.open").get(0);
        Call post = slack.calls("chat.postMessage").get(0);
        assertThat(ref).isEqualTo("D0001:1717171800.000100");
        assertThat(open.param("users")).isEqualTo(REVIEWER);
        assertThat(post.param("channel")).isEqualTo("D0001");
        assertThat(post.param("thread_ts")).isNull();
        assertThat(post.param("text")).isEqualTo(REVIEW_TEXT);
        JsonNode blocks = post.json("blocks");
        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(0).get("type").asText()).isEqualTo("section");
        assertThat(blocks.get(0).at("/text/type").asText()).isEqualTo("mrkdwn");
        assertThat(blocks.get(0).at("/text/text").asText()).isEqualTo(REVIEW_TEXT);
        assertThat(blocks.get(1).get("type").asText()).isEqualTo("actions");
        JsonNode buttons = blocks.get(1).get("elements");
        assertThat(buttons).hasSize(3).allSatisfy(button -> {
            assertThat(button.get("type").asText()).isEqualTo("button");
            assertThat(button.get("value").asText()).isEqualTo("42");
            assertThat(SlackSurface.ACTION.matcher(button.get("action_id").asText()).matches()).isTrue();
        });
        assertThat(buttons).extracting(button -> button.get("action_id").asText())
                .containsExactly("slipway.approve", "slipway.reject", "slipway.preview");
        assertThat(buttons).extracting(button -> button.at("/text/text").asText())
                .containsExactly("Approve", "Reject", "Open preview");
        assertThat(buttons).extracting(button -> button.path("style").asText(null))
                .containsExactly("primary", "danger", null);
        assertThat(buttons.get(0).has("confirm")).isFalse();
        assertThat(buttons.get(2).has("confirm")).isFalse();
        JsonNode confirm = buttons.get(1).get("confirm");
        assertThat(confirm.at("/title/text").asText()).isEqualTo("Are you sure?");
        assertThat(confirm.at("/text/text").asText()).isEqualTo("Reject build #42 of *web-api*?");
        assertThat(confirm.at("/confirm/text").asText()).isEqualTo("Yes");
        assertThat(confirm.at("/deny/text").asText()).isEqualTo("Cancel");
    }

    @Test
    void showing_the_card_again_updates_the_same_message_and_drops_the_buttons_once_none_are_left() throws Exception {
        String ref = notifier.showReview(reviewCard(), null);
        ReviewCard decided = new ReviewCard(42, REVIEWER, "You approved build #42 of *web-api*.", List.of());

        String again = notifier.showReview(decided, ref);

        assertThat(again).isEqualTo(ref);
        assertThat(slack.calls("conversations.open")).hasSize(1);
        assertThat(slack.calls("chat.postMessage")).hasSize(1);
        Call update = slack.calls("chat.update").get(0);
        assertThat(update.param("channel")).isEqualTo("D0001");
        assertThat(update.param("ts")).isEqualTo("1717171800.000100");
        assertThat(update.param("text")).isEqualTo("You approved build #42 of *web-api*.");
        assertThat(update.json("blocks")).singleElement().satisfies(section -> {
            assertThat(section.get("type").asText()).isEqualTo("section");
            assertThat(section.at("/text/text").asText()).isEqualTo("You approved build #42 of *web-api*.");
        });
        assertThat(slack.messages()).singleElement().satisfies(message -> {
            assertThat(message.channel()).isEqualTo("D0001");
            assertThat(message.text()).isEqualTo("You approved build #42 of *web-api*.");
        });
    }

    @Test
    void showing_the_same_card_twice_changes_nothing_but_the_message_it_updates() throws Exception {
        String ref = notifier.showReview(reviewCard(), null);

        notifier.showReview(reviewCard(), ref);

        assertThat(slack.calls("chat.postMessage")).hasSize(1);
        assertThat(slack.calls("chat.update").get(0).json("blocks"))
                .isEqualTo(slack.calls("chat.postMessage").get(0).json("blocks"));
    }

    @Test
    void a_long_card_text_is_cut_to_what_one_section_takes_and_kept_whole_as_the_fallback() throws Exception {
        String text = "x".repeat(3500);

        notifier.showReview(new ReviewCard(42, REVIEWER, text, List.of()), null);

        Call post = slack.calls("chat.postMessage").get(0);
        assertThat(post.param("text")).isEqualTo(text);
        assertThat(post.json("blocks").at("/0/text/text").asText()).hasSize(3000).endsWith("x…");
    }

    @Test
    void a_reply_to_a_review_goes_in_the_thread_of_its_direct_message() throws Exception {
        String ref = notifier.showReview(reviewCard(), null);

        notifier.replyToReview(REVIEWER, ref, "<@U0003> approved it too.");

        Call reply = slack.calls("chat.postMessage").get(1);
        assertThat(reply.params()).containsEntry("channel", "D0001").containsEntry("thread_ts", "1717171800.000100")
                .containsEntry("text", "<@U0003> approved it too.").doesNotContainKey("blocks");
        assertThat(slack.calls("conversations.open")).hasSize(1);
    }

    @Test
    void a_reply_without_a_review_message_to_find_goes_to_the_top_of_the_direct_message() throws Exception {
        notifier.replyToReview(REVIEWER, null, "Build #42 of *web-api* was rejected.");

        assertThat(slack.calls("conversations.open").get(0).param("users")).isEqualTo(REVIEWER);
        assertThat(slack.messages()).containsExactly(
                new FakeSlack.Message("D0001", "1717171800.000100", null, "Build #42 of *web-api* was rejected."));
    }

    @Test
    void a_review_message_someone_deleted_is_posted_anew_in_the_direct_message() throws Exception {
        String ref = notifier.showReview(reviewCard(), null);
        slack.deleteMessage("D0001", "1717171800.000100");

        String reposted = notifier.showReview(reviewCard(), ref);

        assertThat(reposted).isEqualTo("D0001:1717171800.000200");
        assertThat(slack.calls("chat.update")).hasSize(1);
        assertThat(slack.messages()).singleElement().satisfies(message -> {
            assertThat(message.channel()).isEqualTo("D0001");
            assertThat(message.ts()).isEqualTo("1717171800.000200");
            assertThat(message.text()).isEqualTo(REVIEW_TEXT);
        });
    }

    @Test
    void a_review_message_in_a_channel_slack_no_longer_knows_is_posted_in_the_direct_message_opened_again() throws Exception {
        slack.failNext("chat.update", 1, "channel_not_found");

        String ref = notifier.showReview(reviewCard(), "D0999:1717000000.000100");

        assertThat(ref).isEqualTo("D0001:1717171800.000100");
        assertThat(slack.calls("conversations.open")).singleElement()
                .satisfies(open -> assertThat(open.param("users")).isEqualTo(REVIEWER));
    }

    @Test
    void a_ref_this_notifier_did_not_write_gets_a_new_message() throws Exception {
        String ref = notifier.showReview(reviewCard(), "console:review:42:U0002");

        assertThat(ref).isEqualTo("D0001:1717171800.000100");
        assertThat(slack.calls("chat.update")).isEmpty();
    }

    @Test
    void a_recipient_slack_does_not_know_is_not_retryable_and_nothing_is_posted() {
        slack.failNext("conversations.open", 1, "user_not_found");

        ChatDeliveryException refused = catchThrowableOfType(ChatDeliveryException.class,
                () -> notifier.showReview(reviewCard(), null));

        assertThat(refused.retryable()).isFalse();
        assertThat(refused).hasMessage("Slack refused conversations.open: user_not_found");
        assertThat(slack.calls("chat.postMessage")).isEmpty();
    }

    @Test
    void rate_limits_and_server_errors_on_review_messages_are_retryable() throws Exception {
        slack.rateLimitNext("conversations.open", 1, 5);
        slack.serverErrorNext("chat.postMessage", 1);
        slack.failNext("chat.update", 1, "ratelimited");

        ChatDeliveryException opening = catchThrowableOfType(ChatDeliveryException.class,
                () -> notifier.showReview(reviewCard(), null));
        ChatDeliveryException posting = catchThrowableOfType(ChatDeliveryException.class,
                () -> notifier.showReview(reviewCard(), null));
        String ref = notifier.showReview(reviewCard(), null);
        ChatDeliveryException updating = catchThrowableOfType(ChatDeliveryException.class,
                () -> notifier.showReview(reviewCard(), ref));
        slack.serverErrorNext("chat.postMessage", 1);
        ChatDeliveryException replying = catchThrowableOfType(ChatDeliveryException.class,
                () -> notifier.replyToReview(REVIEWER, ref, "later"));

        assertThat(opening.retryable()).isTrue();
        assertThat(opening.retryAfter()).contains(Duration.ofSeconds(5));
        assertThat(posting.retryable()).isTrue();
        assertThat(posting).hasMessage("Slack answered HTTP 503 to chat.postMessage");
        assertThat(updating.retryable()).isTrue();
        assertThat(updating).hasMessage("Slack refused chat.update: ratelimited");
        assertThat(replying.retryable()).isTrue();
        assertThat(slack.messages()).singleElement().extracting(message -> message.channel() + ":" + message.ts())
                .isEqualTo(ref);
    }

    @Test
    void a_button_the_slack_surface_could_not_route_is_refused_before_anything_is_sent() {
        ReviewCard card = new ReviewCard(42, REVIEWER, REVIEW_TEXT,
                List.of(new ReviewCard.Button("approve now", "Approve", Choice.Style.PRIMARY, null)));

        assertThatIllegalArgumentException().isThrownBy(() -> notifier.showReview(card, null))
                .withMessageContaining("approve now");
        assertThat(slack.calls()).isEmpty();
    }

    /** What a reviewer is first shown: approve, reject (which asks first) and a plain link-like button. */
    private static ReviewCard reviewCard() {
        return new ReviewCard(42, REVIEWER, REVIEW_TEXT, List.of(
                new ReviewCard.Button("approve", "Approve", Choice.Style.PRIMARY, null),
                new ReviewCard.Button("reject", "Reject", Choice.Style.DANGER, "Reject build #42 of *web-api*?"),
                new ReviewCard.Button("preview", "Open preview", Choice.Style.PLAIN, null)));
    }

    /** Lets the first chat.postMessage through and breaks the connection of the second. */
    private static MethodsClient secondPostFails(MethodsClient real) {
        AtomicInteger posts = new AtomicInteger();
        return (MethodsClient) Proxy.newProxyInstance(MethodsClient.class.getClassLoader(), new Class<?>[] {MethodsClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("chatPostMessage") && posts.incrementAndGet() == 2) {
                        throw new IOException("connection reset");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static Deployment queued(ChatOrigin origin) {
        return Deployment.request("web-api", "production", "main", "U0001", origin, DeploymentState.QUEUED, T0).withId(42);
    }
}
