package dev.slipway.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.slipway.chat.ChatDeliveryException;
import dev.slipway.chat.Choice;
import dev.slipway.chat.ReviewCard;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.testing.FakeSlack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Web API calls against a Slack that closes every connection after its answer without saying so: each call gets
 * through the first time, calls safe to repeat are sent again at once on a fresh connection, and a chat.postMessage
 * is never sent twice unless it certainly never reached Slack.
 */
class SlackWebClientTest {
    private static final String CHANNEL = "C0001";
    private static final String MENTION = "1717171600.000100";
    private static final Instant T0 = Instant.parse("2024-06-01T12:00:00Z");
    private static final List<String> REVIEWERS = List.of("U0002", "U0003", "U0004", "U0005");
    /** Within this, every message is delivered: no call may need the job queue's backoff (2 s, then 4 s ...). */
    private static final Duration FEW_SECONDS = Duration.ofSeconds(5);

    private final FakeSlack slack = FakeSlack.closingEveryConnection(FakeSlack.TOKEN);
    private final SlackNotifier notifier = SlackNotifier.create(slack.apiUrl(), FakeSlack.TOKEN);
    private final JobLikeDeliveries deliveries = new JobLikeDeliveries();

    @BeforeAll
    static void load_the_sdk() throws Exception {
        // the SDK's first call loads its classes, which takes seconds on a busy machine and is not what is measured
        try (FakeSlack warmUp = new FakeSlack(FakeSlack.TOKEN)) {
            SlackNotifier.create(warmUp.apiUrl(), FakeSlack.TOKEN).announce(CHANNEL, "warming up");
        }
    }

    @AfterEach
    void stop() {
        deliveries.close();
        slack.close();
    }

    @Test
    void review_cards_reach_four_people_within_seconds_then_are_updated_and_each_is_posted_once() {
        Map<String, String> refs = new ConcurrentHashMap<>();
        for (String reviewer : REVIEWERS) {
            deliveries.deliver(() -> refs.put(reviewer, notifier.showReview(card(reviewer, "please review"), null)));
        }
        await().atMost(FEW_SECONDS).untilAsserted(() -> {
            assertThat(deliveries.crashes()).isEmpty();
            assertThat(refs).containsOnlyKeys(REVIEWERS);
        });
        for (String reviewer : REVIEWERS) {
            deliveries.deliver(() -> notifier.showReview(card(reviewer, "approved by <@U0003>"), refs.get(reviewer)));
        }

        await().atMost(FEW_SECONDS).untilAsserted(() -> assertThat(slack.messages()).hasSize(4)
                .allSatisfy(message -> assertThat(message.text()).isEqualTo("approved by <@U0003>")));
        assertThat(deliveries.failures()).isEmpty();
        assertThat(slack.calls("chat.postMessage")).hasSize(4);
        assertThat(slack.calls("chat.update")).hasSize(4);
        assertThat(slack.messages()).extracting(FakeSlack.Message::channel).doesNotHaveDuplicates();
    }

    @Test
    void several_updates_of_one_message_and_their_reactions_each_get_through_the_first_time() throws Exception {
        Deployment queued = queued();
        Deployment running = queued.moveTo(DeploymentState.RUNNING, T0.plusSeconds(5));
        Deployment succeeded = running.moveTo(DeploymentState.SUCCEEDED, T0.plusSeconds(65)).withResult("exit code 0", null);
        String ref = notifier.report(queued, DeploymentState.QUEUED, null);

        for (int round = 0; round < 3; round++) {
            assertThat(notifier.report(running, DeploymentState.RUNNING, ref)).isEqualTo(ref);
        }
        assertThat(notifier.report(succeeded, DeploymentState.SUCCEEDED, ref)).isEqualTo(ref);

        assertThat(slack.calls("chat.postMessage")).hasSize(1);
        assertThat(slack.calls("chat.update")).hasSize(4);
        assertThat(slack.calls("reactions.add")).hasSize(5);
        assertThat(slack.messages()).extracting(FakeSlack.Message::text)
                .containsExactly("#42 web-api main → production: succeeded (exit code 0) in 1m 0s — asked by <@U0001>,"
                        + " ended <!date^1717243265^{date_short_pretty} {time}|2024-06-01T12:01:05Z>");
        assertThat(slack.reactions(CHANNEL, MENTION)).containsExactly("eyes", "white_check_mark");
    }

    @Test
    void a_post_whose_connection_drops_after_slack_received_it_is_not_sent_again() {
        slack.dropAfterReceivingNext("chat.postMessage", 1);

        deliveries.deliver(() -> notifier.showReview(card("U0002", "please review"), null));

        await().atMost(FEW_SECONDS).until(() -> deliveries.failures().size() == 1);
        ChatDeliveryException unknown = deliveries.failures().get(0);
        assertThat(unknown.retryable()).isFalse();
        assertThat(unknown).hasMessageStartingWith("Slack may have posted chat.postMessage");
        assertThat(slack.calls("chat.postMessage")).hasSize(1);
        assertThat(slack.messages()).hasSize(1);
    }

    @Test
    void an_update_whose_connection_drops_after_slack_received_it_is_sent_again_at_once() throws Exception {
        try (FakeSlack keepingConnections = new FakeSlack(FakeSlack.TOKEN)) {
            SlackNotifier notifier = SlackNotifier.create(keepingConnections.apiUrl(), FakeSlack.TOKEN);
            String ref = notifier.showReview(card("U0002", "please review"), null);
            keepingConnections.dropAfterReceivingNext("chat.update", 1);

            String again = notifier.showReview(card("U0002", "approved by <@U0003>"), ref);

            assertThat(again).isEqualTo(ref);
            assertThat(keepingConnections.calls("chat.update")).hasSize(2);
            assertThat(keepingConnections.messages()).singleElement()
                    .extracting(FakeSlack.Message::text).isEqualTo("approved by <@U0003>");
        }
    }

    @Test
    void a_post_answered_with_try_again_at_once_is_not_sent_again_by_the_http_client() throws Exception {
        try (FakeSlack keepingConnections = new FakeSlack(FakeSlack.TOKEN)) {
            keepingConnections.serverErrorNext("chat.postMessage", 1, 0);

            ChatDeliveryException refused = catchThrowableOfType(ChatDeliveryException.class,
                    () -> SlackNotifier.create(keepingConnections.apiUrl(), FakeSlack.TOKEN).announce(CHANNEL, "hello"));

            assertThat(refused).hasMessage("Slack answered HTTP 503 to chat.postMessage");
            assertThat(keepingConnections.calls("chat.postMessage")).hasSize(1);
            assertThat(keepingConnections.messages()).isEmpty();
        }
    }

    @Test
    void an_unreachable_slack_is_retryable_because_nothing_was_sent() {
        FakeSlack gone = FakeSlack.closingEveryConnection(FakeSlack.TOKEN);
        gone.close();

        ChatDeliveryException refused = catchThrowableOfType(ChatDeliveryException.class,
                () -> SlackNotifier.create(gone.apiUrl(), FakeSlack.TOKEN).announce(CHANNEL, "hello"));

        assertThat(refused.retryable()).isTrue();
        assertThat(refused).hasMessageStartingWith("Slack unreachable for chat.postMessage");
    }

    private static ReviewCard card(String recipient, String text) {
        return new ReviewCard(42, recipient, text, List.of(new ReviewCard.Button("approve", "Approve", Choice.Style.PRIMARY, null)));
    }

    private static Deployment queued() {
        return Deployment.request("web-api", "production", "main", "U0001", new ChatOrigin("slack", CHANNEL, MENTION),
                DeploymentState.QUEUED, T0).withId(42);
    }

    /** One chat delivery, as a notify job makes it. */
    @FunctionalInterface
    private interface Delivery {
        void run() throws ChatDeliveryException;
    }

    /**
     * Delivers as Slipway's job queue does with its default settings: a retryable failure is tried again after
     * 2 s, then 4 s, 8 s ... (at most 5 min); one that is not is given up. One worker, so one call at a time.
     */
    private static final class JobLikeDeliveries implements AutoCloseable {
        private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
        private final List<ChatDeliveryException> failures = new CopyOnWriteArrayList<>();
        private final List<RuntimeException> crashes = new CopyOnWriteArrayList<>();

        void deliver(Delivery delivery) {
            attempt(delivery, Duration.ZERO, Duration.ofSeconds(2));
        }

        List<ChatDeliveryException> failures() {
            return List.copyOf(failures);
        }

        /** What a job would have failed with for good: anything but a ChatDeliveryException. */
        List<RuntimeException> crashes() {
            return List.copyOf(crashes);
        }

        private void attempt(Delivery delivery, Duration after, Duration backoff) {
            worker.schedule(() -> {
                try {
                    delivery.run();
                } catch (ChatDeliveryException e) {
                    failures.add(e);
                    if (e.retryable()) {
                        Duration longer = backoff.multipliedBy(2);
                        attempt(delivery, e.retryAfter().orElse(backoff),
                                longer.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : longer);
                    }
                } catch (RuntimeException e) {
                    crashes.add(e);
                }
            }, after.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            worker.shutdownNow();
        }
    }
}
