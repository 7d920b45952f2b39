package dev.slipway.chat.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.chat.Choice;
import dev.slipway.domain.ChatOrigin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleNotifierTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final ConsoleNotifier notifier = new ConsoleNotifier(new PrintStream(captured, true, StandardCharsets.UTF_8));

    @Test
    void shows_a_replys_choices_as_the_commands_to_type() {
        notifier.reply(ChatOrigin.console("alice"), "alice", "Who are you, <@alice>? <#C1> asks.",
                List.of(new Choice("hello", "octocat", "octocat"), new Choice("hello", "hubot", "hubot")), false);

        assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo(
                "slipway: Who are you, @alice? #C1 asks.\n    [hello octocat]\n    [hello hubot]\n");
    }

    @Test
    void a_reply_without_choices_is_its_text() throws Exception {
        notifier.reply(ChatOrigin.console("alice"), "alice", "Done.", false);

        assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("slipway: Done.\n");
    }
}
