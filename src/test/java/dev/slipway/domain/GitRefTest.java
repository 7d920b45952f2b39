package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitRefTest {
    /** Change it to explore; a failure names the seed it ran with. */
    private static final long SEED = Long.getLong("slipway.test.seed", 20260214L);
    private static final List<String> SHELL = chars(";|&$()`<>'\"\\*?[]{}~^:!#%");
    private static final List<String> WHITESPACE = List.of(" ", "\t", "\n", "\r", "\u0000", "\u0001", "\u001B",
            "\u007F", "\u000B", "\f");
    private static final List<String> LETTERS = chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    private static final List<String> UNICODE = List.of("é", "日本", "😀", "ß", "\u00A0");
    private static final List<String> FRAGMENTS = List.of(".lock", "..", "@{", "//", "/.", "@");
    private static final String FORBIDDEN = "~^:?*[\\";
    @ParameterizedTest
    @ValueSource(strings = {
            "main",
            "feature/login",
            "release/1.2",
            "v1.2.3",
            "HEAD",
            "0123456789abcdef0123456789abcdef01234567",
            "a-",
            "a.b",
            "ab.lock.x",
            "a/b.locks",
            "@a",
            "a@",
            "@}",
            "{",
            "a.b/c.d",
            "é/日本/😀",
            // valid names for git, however they read in a shell: commands must get refs as literal arguments
            ";id",
            "$(touch${IFS}/tmp/x)",
            "`id`",
            "a'b\"c",
            "a|b&c<d>e",
            "release/$(id)"
    })
    void accepts_what_git_accepts(String ref) {
        assertThat(GitRef.problem(ref)).as(ref).isEmpty();
        assertThat(GitRef.isValid(ref)).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a b        | contains a space",
            "a~b        | contains `~`",
            "a^b        | contains `^`",
            "a:b        | contains `:`",
            "a?b        | contains `?`",
            "a*b        | contains `*`",
            "a[b        | contains `[`",
            "a\\b       | contains `\\`",
            "a..b       | contains `..`",
            "..         | contains `..`",
            "a@{b       | contains `@{`",
            "@          | is `@` alone",
            "/a         | starts with `/`",
            "a/         | ends with `/`",
            "a//b       | contains `//`",
            ".a         | starts with `.`",
            ".          | starts with `.`",
            "a/.b       | has a `.` right after a `/`",
            "a/./b      | has a `.` right after a `/`",
            "a.lock     | ends with `.lock`",
            ".lock      | starts with `.`",
            "x/a.lock   | ends with `.lock`",
            "a.lock/b   | has `.lock` right before a `/`",
            "a.         | ends with `.`",
            "a/b.       | ends with `.`",
            "-x         | starts with `-`",
            "--force    | starts with `-`",
            "-          | starts with `-`"
    })
    void refuses_what_breaks_a_rule_and_names_the_rule(String ref, String rule) {
        assertThat(GitRef.problem(ref)).as(ref).contains(rule);
        assertThat(GitRef.isValid(ref)).isFalse();
    }

    @ParameterizedTest(name = "[{index}] U+{0}")
    @ValueSource(ints = {0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F})
    void refuses_ascii_control_characters_and_names_them(int control) {
        String ref = "main" + (char) control + "x";
        assertThat(GitRef.problem(ref)).contains("contains a control character (U+%04X)".formatted(control));
    }

    @Test
    void refuses_nothing_at_all() {
        assertThat(GitRef.problem("")).contains("is empty");
        assertThat(GitRef.problem(null)).contains("is empty");
    }

    @Test
    void accepts_at_most_255_bytes_of_utf8() {
        assertThat(GitRef.problem("a".repeat(255))).isEmpty();
        assertThat(GitRef.problem("a".repeat(256))).contains("is longer than 255 bytes");
        assertThat(GitRef.problem("é".repeat(127) + "a")).isEmpty(); // 255 bytes in 128 characters
        assertThat(GitRef.problem("é".repeat(128))).contains("is longer than 255 bytes");
        assertThat(GitRef.problem("a".repeat(1024 * 1024))).contains("is longer than 255 bytes");
    }

    @Test
    void refuses_text_that_is_not_unicode() {
        assertThat(GitRef.problem("a\uD800b")).contains("is not valid Unicode text");
        assertThat(GitRef.problem("a\uDC00")).contains("is not valid Unicode text");
        assertThat(GitRef.problem("\uD83D\uDE00")).isEmpty();
    }

    @Test
    void agrees_with_git_check_ref_format() throws Exception {
        Random random = new Random(SEED);
        Charset arguments = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        int compared = 0;
        for (int i = 0; i < 300; i++) {
            String ref = randomRef(random);
            String shown = "seed " + SEED + ", sample " + i + ": \"" + Excerpt.of(ref, 400) + "\"";
            boolean slipway = GitRef.isValid(ref);
            if (ref.indexOf('\u0000') >= 0 || ref.startsWith("-")) {
                // NUL cannot be passed as an argument, and git would read a leading - as an option: Slipway's rules
                // refuse both anyway.
                assertThat(slipway).as(shown).isFalse();
                continue;
            }
            if (!arguments.newEncoder().canEncode(ref)) {
                continue; // this JVM cannot pass it to a process faithfully (not a UTF-8 locale)
            }
            boolean git = gitAccepts(ref);
            boolean expected = git && ref.getBytes(StandardCharsets.UTF_8).length <= GitRef.MAX_BYTES;
            assertThat(slipway).as(shown + " (git: %s; Slipway: %s)", git ? "valid" : "invalid",
                    GitRef.problem(ref).map(problem -> "it " + problem).orElse("valid")).isEqualTo(expected);
            compared++;
        }
        assertThat(compared).as("samples compared with git").isGreaterThan(150);
    }

    @Test
    void no_accepted_ref_holds_whitespace_a_control_character_or_a_character_git_forbids() {
        Random random = new Random(SEED + 1);
        int accepted = 0;
        for (int i = 0; i < 5000; i++) {
            String ref = randomRef(random);
            String shown = "seed " + (SEED + 1) + ", sample " + i + ": \"" + Excerpt.of(ref, 400) + "\"";
            String refusal = RefKind.GIT.refusal(ref).orElse(null);
            if (refusal != null) {
                assertThat(refusal).as(shown).hasSizeLessThan(200).startsWith("`").contains("is not a valid ref: it ");
                continue;
            }
            accepted++;
            assertThat(ref.chars()).as(shown).noneMatch(c -> c <= ' ' || c == 0x7F || FORBIDDEN.indexOf(c) >= 0);
            assertThat(ref).as(shown).doesNotContain("..", "@{", "//", "/.", ".lock/").doesNotEndWith(".lock")
                    .doesNotStartWith("-").doesNotStartWith("/").doesNotStartWith(".").doesNotEndWith("/")
                    .doesNotEndWith(".").isNotEqualTo("@");
            assertThat(ref.getBytes(StandardCharsets.UTF_8).length).as(shown).isLessThanOrEqualTo(GitRef.MAX_BYTES);
        }
        assertThat(accepted).as("accepted samples").isGreaterThan(500);
    }

    /** A few pieces, mostly letters, among shell punctuation, whitespace, controls, slashes, dots and Unicode. */
    private static String randomRef(Random random) {
        StringBuilder ref = new StringBuilder();
        boolean longOne = random.nextInt(20) == 0;
        int pieces = longOne ? 120 + random.nextInt(200) : 1 + random.nextInt(12);
        for (int i = 0; i < pieces; i++) {
            int roll = random.nextInt(100);
            List<String> from;
            if (longOne || roll < 50) {
                from = LETTERS;
            } else if (roll < 60) {
                from = List.of("/");
            } else if (roll < 67) {
                from = List.of(".");
            } else if (roll < 71) {
                from = List.of("-");
            } else if (roll < 74) {
                from = List.of("@");
            } else if (roll < 84) {
                from = SHELL;
            } else if (roll < 89) {
                from = WHITESPACE;
            } else if (roll < 95) {
                from = UNICODE;
            } else {
                from = FRAGMENTS;
            }
            ref.append(from.get(random.nextInt(from.size())));
        }
        return ref.toString();
    }

    private static boolean gitAccepts(String ref) throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "check-ref-format", "--allow-onelevel", ref)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!git.waitFor(10, TimeUnit.SECONDS)) {
            git.destroyForcibly();
            throw new IllegalStateException("git check-ref-format did not answer");
        }
        int exit = git.exitValue();
        if (exit != 0 && exit != 1) {
            throw new IllegalStateException("git check-ref-format exited with " + exit + " for " + Excerpt.of(ref));
        }
        return exit == 0;
    }

    private static List<String> chars(String text) {
        return text.codePoints().mapToObj(Character::toString).toList();
    }
}
