package dev.slipway.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.chat.ChatDeliveryException;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.store.Store;
import dev.slipway.store.sqlite.SqliteStore;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.MovingClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier's way around a channel it cannot post in, on a real SQLite file and a {@link FakeSlack} serving
 * both the Web API and the command's response URL, with a clock the test moves.
 */
class SlackResponseUrlsTest {
    private static final String CHANNEL = "C0777";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;
    private final FakeSlack slack = new FakeSlack(FakeSlack.TOKEN);
    private final MovingClock clock = new MovingClock(T0);
    private Store store;
    private SlackResponseUrls responseUrls;
    private SlackNotifier notifier;

    @BeforeEach
    void open() {
        store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("slipway.db"), 2);
        responseUrls = new SlackResponseUrls(store, clock);
        notifier = SlackNotifier.create(slack.apiUrl(), FakeSlack.TOKEN, responseUrls);
    }

    @AfterEach
    void close() {
        store.close();
        slack.close();
    }

    @Test
    void a_channel_the_bot_is_not_in_gets_the_report_through_the_response_url_and_the_asker_is_told_once() throws Exception {
        slack.leaveChannel(CHANNEL);
        Deployment d = commanded();
        responseUrls.keep(d.id(), slack.responseUrl("r1"));

        String first = notifier.report(d, DeploymentState.QUEUED, null);
        String second = notifier.report(d, DeploymentState.RUNNING, first);

        List<JsonNode> posts = slack.responsePosts("r1");
        assertThat(posts).extracting(post -> post.get("response_type").asText())
                .containsExactly("in_channel", "ephemeral", "in_channel");
        assertThat(posts.get(0).get("text").asText()).contains("queued");
        assertThat(posts.get(0).get("replace_original").asBoolean()).isFalse();
        assertThat(posts.get(1).get("text").asText()).isEqualTo("I'm not in <#" + CHANNEL + ">, so I report here only"
                + " while Slack lets me (30 minutes). Invite me with `/invite @slipway` to see every update.");
        assertThat(posts.get(2).get("text").asText()).contains("running");
        assertThat(first).isNotNull().isEqualTo(second);
        // every report tries the channel first: once the bot is invited, reports are in the channel again
        assertThat(slack.calls("chat.postMessage")).hasSize(2);
    }

    @Test
    void an_archived_channel_gets_the_report_too_and_the_asker_is_told_it_is_archived() throws Exception {
        slack.archiveChannel(CHANNEL);
        Deployment d = commanded();
        responseUrls.keep(d.id(), slack.responseUrl("r2"));

        notifier.report(d, DeploymentState.QUEUED, null);

        assertThat(slack.responsePosts("r2")).hasSize(2);
        assertThat(slack.responsePosts("r2").get(1).get("text").asText()).startsWith("<#" + CHANNEL + "> is archived");
    }

    @Test
    void a_response_url_carries_at_most_five_posts_says_so_on_the_last_and_then_gives_up_for_good() throws Exception {
        slack.leaveChannel(CHANNEL);
        Deployment d = commanded();
        responseUrls.keep(d.id(), slack.responseUrl("r3"));
        String ref = null;
        for (int i = 0; i < 4; i++) {
            ref = notifier.report(d, DeploymentState.RUNNING, ref);
        }
        String ended = ref;

        assertThatThrownBy(() -> notifier.report(d, DeploymentState.SUCCEEDED, ended))
                .isInstanceOfSatisfying(ChatDeliveryException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("#" + d.id(), "not_in_channel", "5 posts");
                });
        List<JsonNode> posts = slack.responsePosts("r3");
        assertThat(posts).hasSize(FakeSlack.RESPONSE_URL_USES);
        assertThat(posts.get(4).get("text").asText()).contains("last update Slack lets me post here");
        assertThat(posts).filteredOn(post -> post.get("response_type").asText().equals("ephemeral")).hasSize(1);
    }

    @Test
    void an_expired_response_url_is_never_used_and_the_report_fails_for_good_saying_why() throws Exception {
        slack.leaveChannel(CHANNEL);
        Deployment d = commanded();
        responseUrls.keep(d.id(), slack.responseUrl("r4"));
        clock.move(SlackResponseUrls.VALID_FOR);

        assertThatThrownBy(() -> notifier.report(d, DeploymentState.QUEUED, null))
                .isInstanceOfSatisfying(ChatDeliveryException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("expired", "not used");
                });
        assertThat(slack.responsePosts("r4")).isEmpty();
    }

    @Test
    void a_mention_has_no_response_url_and_its_report_fails_for_good_at_once() {
        slack.leaveChannel(CHANNEL);
        Deployment d = insert(new ChatOrigin("slack", CHANNEL, "1717171700.000200"));

        assertThatThrownBy(() -> notifier.report(d, DeploymentState.QUEUED, null))
                .isInstanceOfSatisfying(ChatDeliveryException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("no response URL", "not_in_channel");
                });
    }

    @Test
    void a_fresh_command_deployment_waits_briefly_for_its_url_then_gives_up() {
        slack.leaveChannel(CHANNEL);
        Deployment d = commanded();

        assertThatThrownBy(() -> notifier.report(d, DeploymentState.QUEUED, null))
                .isInstanceOfSatisfying(ChatDeliveryException.class, e -> assertThat(e.retryable()).isTrue());
        clock.move(SlackResponseUrls.WAIT_FOR_COMMAND);
        assertThatThrownBy(() -> notifier.report(d, DeploymentState.QUEUED, null))
                .isInstanceOfSatisfying(ChatDeliveryException.class, e -> assertThat(e.retryable()).isFalse());
    }

    @Test
    void the_response_url_is_forgotten_once_the_deployment_has_ended() throws Exception {
        Deployment d = commanded();
        responseUrls.keep(d.id(), slack.responseUrl("r5"));

        notifier.report(d, DeploymentState.SUCCEEDED, null);

        assertThat(store.read((dev.slipway.store.Transaction tx) -> tx.responseUrls().findByDeployment(d.id()))).isEmpty();
        assertThat(slack.responsePosts("r5")).isEmpty();
    }

    @Test
    void a_refusal_that_a_response_url_cannot_help_is_thrown_as_before() {
        Deployment d = commanded();
        responseUrls.keep(d.id(), slack.responseUrl("r6"));
        slack.failNext("chat.postMessage", 1, "invalid_blocks");

        assertThatThrownBy(() -> notifier.report(d, DeploymentState.QUEUED, null))
                .isInstanceOfSatisfying(ChatDeliveryException.class,
                        e -> assertThat(e.getMessage()).contains("invalid_blocks"));
        assertThat(slack.responsePosts("r6")).isEmpty();
    }

    private Deployment commanded() {
        return insert(new ChatOrigin("slack", CHANNEL, null));
    }

    private Deployment insert(ChatOrigin origin) {
        return store.inTransaction(tx -> tx.deployments().insert(Deployment.request("web-api", "production", "main",
                "U0001", origin, DeploymentState.QUEUED, clock.instant())));
    }

    /** A clock that stands still until the test moves it. */
}
