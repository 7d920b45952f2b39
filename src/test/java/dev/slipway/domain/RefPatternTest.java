package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefPatternTest {
    private static final RefKind GIT = RefKind.GIT;
    private static final RefKind IMAGE = RefKind.IMAGE;

    @Test
    void a_literal_matches_only_itself() {
        assertThat(new RefPattern("main").matches(GIT, "main")).isTrue();
        assertThat(new RefPattern("main").matches(GIT, "main2")).isFalse();
        assertThat(new RefPattern("main").matches(GIT, "xmain")).isFalse();
    }

    @Test
    void a_star_matches_any_run_of_characters() {
        RefPattern releases = new RefPattern("release/*");
        assertThat(releases.matches(GIT, "release/1.2")).isTrue();
        assertThat(releases.matches(GIT, "release/1.2/hotfix")).isTrue();
        assertThat(releases.matches(GIT, "feature/release/1")).isFalse();
        assertThat(new RefPattern("*").matches(GIT, "anything/at-all")).isTrue();
        assertThat(new RefPattern("v*.*").matches(GIT, "v1.2")).isTrue();
        assertThat(new RefPattern("v*.*").matches(GIT, "v12")).isFalse();
    }

    @Test
    void regex_characters_are_literal() {
        assertThat(new RefPattern("v1.2").matches(GIT, "v1x2")).isFalse();
        assertThat(new RefPattern("a+b").matches(GIT, "a+b")).isTrue();
        assertThat(new RefPattern("a$").matches(GIT, "a$")).isTrue();
        assertThat(new RefPattern("a$").matches(GIT, "a")).isFalse();
    }

    @Test
    void a_pattern_never_matches_a_ref_that_breaks_the_grammar() {
        assertThat(new RefPattern("*").matches(GIT, "anything/at all")).isFalse();
        assertThat(new RefPattern("release/*").matches(GIT, "release/")).isFalse();
        assertThat(new RefPattern("release/*").matches(GIT, "release/$(touch /tmp/x)")).isFalse();
        assertThat(new RefPattern("release/*").matches(GIT, "release/a\u0000b")).isFalse();
        assertThat(new RefPattern("release/*").matches(GIT, "release/a\nb")).isFalse();
        assertThat(new RefPattern("release/*").matches(GIT, "release/../main")).isFalse();
        assertThat(new RefPattern("*").matches(GIT, "-x")).isFalse();
        assertThat(new RefPattern("*").matches(GIT, "a".repeat(256))).isFalse();
        assertThat(new RefPattern("*").matches(GIT, "a".repeat(255))).isTrue();
    }

    @Test
    void image_patterns_match_valid_image_references_only() {
        RefPattern demo = new RefPattern("registry.example.com/demo:*");
        assertThat(demo.matches(IMAGE, "registry.example.com/demo:1.0")).isTrue();
        assertThat(demo.matches(IMAGE, "registry.example.com/demo:1.0;id")).isFalse();
        assertThat(demo.matches(IMAGE, "registry.example.com/demo:")).isFalse();
        assertThat(demo.matches(GIT, "registry.example.com/demo:1.0")).isFalse();
    }

    @Test
    void a_git_pattern_can_match_a_valid_ref_exactly_when_it_is_one_with_each_star_read_as_a_letter() {
        assertThat(new RefPattern("main").problem(GIT)).isEmpty();
        assertThat(new RefPattern("release/*").problem(GIT)).isEmpty();
        assertThat(new RefPattern("*").problem(GIT)).isEmpty();
        assertThat(new RefPattern("v*.*").problem(GIT)).isEmpty();
        assertThat(new RefPattern("@*").problem(GIT)).isEmpty();
        assertThat(new RefPattern("release/ *").problem(GIT)).contains("contains a space");
        assertThat(new RefPattern("release/*/").problem(GIT)).contains("ends with `/`");
        assertThat(new RefPattern("*.lock").problem(GIT)).contains("ends with `.lock`");
        assertThat(new RefPattern("-*").problem(GIT)).contains("starts with `-`");
        assertThat(new RefPattern("a:*").problem(GIT)).contains("contains `:`");
        assertThat(new RefPattern("a..*").problem(GIT)).contains("contains `..`");
        assertThat(new RefPattern("").problem(GIT)).contains("is empty");
    }

    @Test
    void only_what_is_left_without_the_stars_counts_towards_the_length_of_a_git_pattern() {
        assertThat(new RefPattern("a".repeat(255) + "*").problem(GIT)).isEmpty();
        assertThat(new RefPattern("a".repeat(256) + "*").problem(GIT)).contains("is longer than 255 bytes");
    }

    @Test
    void an_image_pattern_may_hold_only_characters_image_references_use() {
        assertThat(new RefPattern("registry.example.com/demo:*").problem(IMAGE)).isEmpty();
        assertThat(new RefPattern("registry.example.com/demo@sha256:*").problem(IMAGE)).isEmpty();
        assertThat(new RefPattern("registry.example.com/demo:$*").problem(IMAGE)).contains("contains `$`");
        assertThat(new RefPattern("demo *").problem(IMAGE)).contains("contains a space");
    }
}
