package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefPatternTest {
    @Test
    void a_literal_matches_only_itself() {
        assertThat(new RefPattern("main").matches("main")).isTrue();
        assertThat(new RefPattern("main").matches("main2")).isFalse();
        assertThat(new RefPattern("main").matches("xmain")).isFalse();
    }

    @Test
    void a_star_matches_any_run_of_characters() {
        RefPattern releases = new RefPattern("release/*");
        assertThat(releases.matches("release/1.2")).isTrue();
        assertThat(releases.matches("release/")).isTrue();
        assertThat(releases.matches("feature/release/1")).isFalse();
        assertThat(new RefPattern("*").matches("anything/at all")).isTrue();
        assertThat(new RefPattern("v*.*").matches("v1.2")).isTrue();
        assertThat(new RefPattern("v*.*").matches("v12")).isFalse();
    }

    @Test
    void regex_characters_are_literal() {
        assertThat(new RefPattern("v1.2").matches("v1x2")).isFalse();
        assertThat(new RefPattern("a+b").matches("a+b")).isTrue();
    }
}
