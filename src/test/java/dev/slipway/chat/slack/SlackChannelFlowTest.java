package dev.slipway.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.domain.PersonLink;
import dev.slipway.testing.FakeGitHub;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.ServerHarness;
import dev.slipway.testing.SlackRequests;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workflow 2's people on Slack: {@code hello}'s collaborators come as {@code slipway.hello} buttons in actions
 * blocks of at most 25, in a slash command's answer and in a mention's reply, and pressing one links the presser.
 * The collaborators come from a fake GitHub, a page at a time.
 */
class SlackChannelFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CHANNEL = "C0100";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private FakeSlack slack;
    private ServerHarness server;
    /** GitHub with 130 collaborators: two pages of the 100 Slipway asks for at a time. */
    private FakeGitHub github;

    @BeforeEach
    void start() {
        slack = new FakeSlack(FakeSlack.TOKEN);
        github = FakeGitHub.builder().repo("acme/api")
                .collaborators(IntStream.range(0, 130).mapToObj(i -> "dev" + i).toList()).start();
        server = ServerHarness.startWithProjects(dir, slack, """
                  - id: api
                    github: { repo: acme/api, apiUrl: "%s", token: %s }
                    owners: [U0001]
                    environments:
                      staging:
                        defaultRef: main
                        backend: { type: script, command: 'echo deployed', timeout: 5s }
                """.formatted(github.url(), FakeGitHub.TOKEN));
    }

    @AfterEach
    void stop() {
        server.close();
        slack.close();
        github.close();
    }

    private HttpResponse<String> slash(String text, String user, String trigger) {
        return server.slack().slashCommand("/slipway", text, user, CHANNEL, trigger);
    }

    /**
     * A slash command that asks GitHub: acknowledged at once, then answered to its user alone by an ephemeral
     * message, which this returns.
     */
    private FakeSlack.Call answerOf(String text, String user, String trigger) {
        int before = slack.calls("chat.postEphemeral").size();
        assertThat(slash(text, user, trigger).body()).contains("Asking GitHub");
        await().atMost(WAIT).until(() -> slack.calls("chat.postEphemeral").size() > before);
        FakeSlack.Call answer = slack.calls("chat.postEphemeral").get(before);
        assertThat(answer.param("user")).isEqualTo(user);
        return answer;
    }

    /** The buttons of {@code blocks}, actions block by actions block, as {@code action_id=value}. */
    private static List<List<String>> buttons(JsonNode blocks) {
        List<List<String>> all = new ArrayList<>();
        for (JsonNode block : blocks) {
            if (block.path("type").asText().equals("actions")) {
                List<String> row = new ArrayList<>();
                block.path("elements").forEach(e -> row.add(e.path("action_id").asText() + "=" + e.path("value").asText()));
                all.add(row);
            }
        }
        return all;
    }

    @Test
    void hello_answers_with_buttons_in_actions_blocks_of_25_and_a_press_links_the_presser() throws Exception {
        assertThat(answerOf("setup acme/api", "U0001", "1000000000001.1.abc").param("text"))
                .contains("Bound this channel to api");

        FakeSlack.Call answer = answerOf("hello", "U0001", "1000000000002.1.abc");
        assertThat(answer.param("text")).contains("130 collaborators of acme/api not linked yet");
        assertThat(answer.json("blocks").get(0).path("type").asText()).isEqualTo("section");
        List<List<String>> rows = buttons(answer.json("blocks"));
        assertThat(rows).extracting(List::size).containsExactly(25, 25, 25, 25, 25, 5);
        assertThat(rows.get(0).get(0)).isEqualTo("slipway.hello=dev0");
        assertThat(rows.get(5).get(4)).isEqualTo("slipway.hello=dev129");
        assertThat(github.requests("GET", "/repos/acme/api/collaborators")).hasSizeGreaterThanOrEqualTo(2);

        server.slack().event(SlackRequests.mention("Ev0100", "U0002", CHANNEL, "1717171700.000200", null,
                "<@U0009> hello"), Map.of());
        await().atMost(WAIT).until(() -> !slack.calls("chat.postMessage").isEmpty());
        FakeSlack.Call reply = slack.calls("chat.postMessage").get(0);
        assertThat(reply.param("thread_ts")).isEqualTo("1717171700.000200");
        assertThat(buttons(reply.json("blocks"))).extracting(List::size).containsExactly(25, 25, 25, 25, 25, 5);

        HttpResponse<String> press = server.slack().post("application/x-www-form-urlencoded",
                SlackRequests.blockAction("U0003", CHANNEL, "1000000000003.1.abc", "slipway.hello", "dev7"), Map.of());
        assertThat(press.statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> slack.calls("chat.postEphemeral").size() == 3);
        FakeSlack.Call linked = slack.calls("chat.postEphemeral").get(2);
        assertThat(linked.param("user")).isEqualTo("U0003");
        assertThat(linked.param("text")).contains("Hello, dev7!", "<@U0003>");
        Optional<PersonLink> link = server.slipway().store().read(tx -> tx.people().findByChatUser("U0003"));
        assertThat(link).get().extracting(PersonLink::login).isEqualTo("dev7");

        FakeSlack.Call after = answerOf("hello", "U0004", "1000000000004.1.abc");
        assertThat(buttons(after.json("blocks")).stream().flatMap(List::stream)).hasSize(129)
                .doesNotContain("slipway.hello=dev7");
    }

    @Test
    void a_slow_github_does_not_hold_up_the_acknowledgement_of_a_slash_command_that_asks_it() {
        answerOf("setup acme/api", "U0001", "1000000000001.1.abc");
        github.delayResponses(Duration.ofSeconds(5));
        int before = slack.calls("chat.postEphemeral").size();

        HttpResponse<String> ack = slash("hello", "U0002", "1000000000002.1.abc");

        // the answer needs GitHub, which has not answered yet: the acknowledgement did not wait for it
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).contains("Asking GitHub");
        assertThat(slack.calls("chat.postEphemeral")).hasSize(before);
        await().atMost(WAIT).until(() -> slack.calls("chat.postEphemeral").size() > before);
        assertThat(slack.calls("chat.postEphemeral").get(before).param("text")).contains("130 collaborators");
    }

    @Test
    void a_second_press_of_a_taken_login_is_refused_naming_its_holder() {
        answerOf("setup acme/api", "U0001", "1000000000001.1.abc");
        server.slack().post("application/x-www-form-urlencoded",
                SlackRequests.blockAction("U0003", CHANNEL, "1000000000003.1.abc", "slipway.hello", "dev7"), Map.of());
        await().atMost(WAIT).until(() -> slack.calls("chat.postEphemeral").size() == 2);

        server.slack().post("application/x-www-form-urlencoded",
                SlackRequests.blockAction("U0004", CHANNEL, "1000000000004.1.abc", "slipway.hello", "dev7"), Map.of());
        await().atMost(WAIT).until(() -> slack.calls("chat.postEphemeral").size() == 3);

        FakeSlack.Call refused = slack.calls("chat.postEphemeral").get(2);
        assertThat(refused.param("user")).isEqualTo("U0004");
        assertThat(refused.param("text")).isEqualTo("dev7 is claimed by <@U0003>; they can free it with `goodbye`.");
    }
}
