package dev.slipway.app.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandParserTest {
    private final CommandParser parser = new CommandParser();

    @Test
    void parses_deploy_in_all_its_forms() {
        assertThat(parser.parse("deploy api main to production")).isEqualTo(new Command.Deploy("api", "main", "production"));
        assertThat(parser.parse("deploy api main production")).isEqualTo(new Command.Deploy("api", "main", "production"));
        assertThat(parser.parse("deploy api to production")).isEqualTo(new Command.Deploy("api", null, "production"));
        assertThat(parser.parse("deploy api production")).isEqualTo(new Command.Deploy("api", null, "production"));
        assertThat(parser.parse("  DEPLOY   api  feature/x   TO staging ")).isEqualTo(new Command.Deploy("api", "feature/x", "staging"));
    }

    @Test
    void an_incomplete_deploy_says_what_is_missing() {
        assertThat(parser.parse("deploy api")).isInstanceOfSatisfying(Command.Invalid.class, invalid -> {
            assertThat(invalid.spec()).isEqualTo(CommandSpec.DEPLOY);
            assertThat(invalid.reason()).contains("environment");
        });
        assertThat(parser.parse("deploy a b c d")).isInstanceOf(Command.Invalid.class);
    }

    @Test
    void parses_the_other_commands() {
        assertThat(parser.parse("release api")).isEqualTo(new Command.Release("api"));
        assertThat(parser.parse("release")).isEqualTo(new Command.Release(null));
        assertThat(parser.parse("status")).isEqualTo(new Command.Status(null));
        assertThat(parser.parse("status api")).isEqualTo(new Command.Status("api"));
        assertThat(parser.parse("history api staging")).isEqualTo(new Command.History("api", "staging"));
        assertThat(parser.parse("list")).isEqualTo(new Command.History(null, null));
        assertThat(parser.parse("lock api production release freeze until friday"))
                .isEqualTo(new Command.Lock("api", "production", "release freeze until friday"));
        assertThat(parser.parse("lock api production")).isEqualTo(new Command.Lock("api", "production", ""));
        assertThat(parser.parse("unlock api production")).isEqualTo(new Command.Unlock("api", "production"));
        assertThat(parser.parse("cancel 42")).isEqualTo(new Command.Cancel(42));
        assertThat(parser.parse("cancel #42")).isEqualTo(new Command.Cancel(42));
        assertThat(parser.parse("help deploy")).isEqualTo(new Command.Help("deploy"));
    }

    @Test
    void empty_text_asks_for_help_and_unknown_words_are_unknown() {
        assertThat(parser.parse("")).isEqualTo(new Command.Help(null));
        assertThat(parser.parse("   ")).isEqualTo(new Command.Help(null));
        assertThat(parser.parse("launch the rockets")).isEqualTo(new Command.Unknown("launch the rockets"));
    }

    @Test
    void bad_arguments_are_invalid_not_unknown() {
        assertThat(parser.parse("cancel soon")).isInstanceOf(Command.Invalid.class);
        assertThat(parser.parse("unlock api")).isInstanceOf(Command.Invalid.class);
        assertThat(parser.parse("lock api")).isInstanceOf(Command.Invalid.class);
        assertThat(parser.parse("status a b")).isInstanceOf(Command.Invalid.class);
    }

    @Test
    void help_lists_every_command_from_its_own_definition() {
        String help = CommandSpec.helpText();
        for (CommandSpec spec : CommandSpec.values()) {
            assertThat(help).contains(spec.usage(), spec.description());
            assertThat(parser.parse(spec.word())).isNotInstanceOf(Command.Unknown.class);
        }
        assertThat(help).contains("also: list");
    }

    @Test
    void keywords_add_release_words_and_thank_yous() {
        CommandParser withKeywords = new CommandParser(new Keywords(List.of("release", "リリース"), List.of("よろ", "thanks")));
        assertThat(withKeywords.parse("リリース api")).isEqualTo(new Command.Release("api"));
        assertThat(withKeywords.parse("リリース")).isEqualTo(new Command.Release(null));
        assertThat(withKeywords.parse("よろしく!")).isEqualTo(new Command.Thanks());
        assertThat(withKeywords.parse("Thanks a lot")).isEqualTo(new Command.Thanks());
        assertThat(withKeywords.parse("what is this")).isInstanceOf(Command.Unknown.class);
        assertThat(parser.parse("よろ")).isInstanceOf(Command.Unknown.class);
    }
}
