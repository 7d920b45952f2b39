package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptTest {
    @Test
    void short_text_is_quoted_whole() {
        assertThat(Excerpt.of("launch rockets")).isEqualTo("launch rockets");
        assertThat(Excerpt.of("x".repeat(40))).isEqualTo("x".repeat(40));
        assertThat(Excerpt.of("")).isEmpty();
        assertThat(Excerpt.of(null)).isEmpty();
    }

    @Test
    void long_text_is_cut_to_forty_characters_ending_in_an_ellipsis() {
        assertThat(Excerpt.of("x".repeat(41))).isEqualTo("x".repeat(39) + "…");
        assertThat(Excerpt.of("y".repeat(1024 * 1024))).hasSize(40).endsWith("…");
    }

    @Test
    void invisible_characters_are_written_out() {
        assertThat(Excerpt.of("a\u0000b")).isEqualTo("a\\u0000b");
        assertThat(Excerpt.of("a\nb\tc\rd")).isEqualTo("a\\nb\\tc\\rd");
        assertThat(Excerpt.of("a\u001Bb\u007Fc")).isEqualTo("a\\u001Bb\\u007Fc");
        assertThat(Excerpt.of("abc\u202Efed")).isEqualTo("abc\\u202Efed"); // right-to-left override
        assertThat(Excerpt.of("a\u2028b")).isEqualTo("a\\u2028b");
        assertThat(Excerpt.of("a\uD800b")).isEqualTo("a\\uD800b");
    }

    @Test
    void written_out_characters_count_towards_the_length() {
        String excerpt = Excerpt.of("\u0000".repeat(100));
        assertThat(excerpt).hasSizeLessThanOrEqualTo(40).endsWith("…").startsWith("\\u0000\\u0000");
        assertThat(Excerpt.of("x".repeat(38) + "\n")).isEqualTo("x".repeat(38) + "\\n");
        assertThat(Excerpt.of("x".repeat(39) + "\n")).isEqualTo("x".repeat(39) + "…");
    }

    @Test
    void characters_outside_the_basic_plane_are_never_split() {
        String excerpt = Excerpt.of("😀".repeat(50));
        assertThat(excerpt).isEqualTo("😀".repeat(39) + "…");
        assertThat(Excerpt.of("日本語のブランチ")).isEqualTo("日本語のブランチ");
    }

    @Test
    void the_length_can_be_chosen() {
        assertThat(Excerpt.of("abcdef", 4)).isEqualTo("abc…");
        assertThat(Excerpt.of("abcd", 4)).isEqualTo("abcd");
    }
}
