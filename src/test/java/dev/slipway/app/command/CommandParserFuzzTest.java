package dev.slipway.app.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The chat command parser on any text, with and without configured keywords: a {@link Command} (an
 * {@link Command.Invalid} or {@link Command.Unknown} being its refusals), never an exception. A seed (under
 * {@code CommandParserFuzzTestInputs}) is the text, then a byte choosing the parser (0 plain, 1 with keywords).
 */
class CommandParserFuzzTest {
    private static final CommandParser PLAIN = new CommandParser();
    private static final CommandParser WITH_KEYWORDS = new CommandParser(
            new Keywords(List.of("ship", "shipit"), List.of("thanks", "ty")));

    @FuzzTest(maxDuration = "5s")
    void any_text_is_a_command_or_a_refusal(FuzzedDataProvider data) {
        CommandParser parser = data.consumeBoolean() ? WITH_KEYWORDS : PLAIN;
        String text = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
        assertThat(parser.parse(text)).isNotNull();
    }
}
