package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DnsLabelTest {
    private static final String SIXTY_THREE = "a".repeat(63);

    @Test
    void normalise_turns_separators_into_dashes() {
        assertThat(DnsLabel.normalise("feature/login")).isEqualTo("feature-login");
        assertThat(DnsLabel.normalise("v1.2.3")).isEqualTo("v1-2-3");
        assertThat(DnsLabel.normalise("fix_the bug")).isEqualTo("fix-the-bug");
    }

    @Test
    void normalise_keeps_lower_case_letters_digits_and_dashes() {
        assertThat(DnsLabel.normalise("release-2024-01")).isEqualTo("release-2024-01");
    }

    @Test
    void normalise_lowers_upper_case() {
        assertThat(DnsLabel.normalise("Feature/LOGIN")).isEqualTo("feature-login");
    }

    @Test
    void normalise_drops_junk_at_either_end() {
        assertThat(DnsLabel.normalise("/feature/login/")).isEqualTo("feature-login");
        assertThat(DnsLabel.normalise("--v1.2.3..")).isEqualTo("v1-2-3");
        assertThat(DnsLabel.normalise("_.main._")).isEqualTo("main");
    }

    @Test
    void normalise_leaves_nothing_of_text_that_is_all_junk() {
        assertThat(DnsLabel.normalise("/._-")).isEmpty();
        assertThat(DnsLabel.normalise("ü")).isEmpty();
        assertThat(DnsLabel.normalise("")).isEmpty();
    }

    @Test
    void fit_leaves_a_label_of_at_most_63_characters_unchanged() {
        assertThat(DnsLabel.fit("feature-login")).isEqualTo("feature-login");
        assertThat(DnsLabel.fit(SIXTY_THREE)).isEqualTo(SIXTY_THREE);
    }

    @Test
    void fit_shortens_a_longer_label_to_its_start_and_a_hash() {
        String long64 = SIXTY_THREE + "b";
        String longer = "feature-" + "x".repeat(100);

        assertThat(DnsLabel.fit(long64)).hasSizeLessThanOrEqualTo(DnsLabel.MAX_LENGTH).matches("a+-[0-9a-f]{8}");
        assertThat(DnsLabel.fit(longer)).hasSizeLessThanOrEqualTo(DnsLabel.MAX_LENGTH)
                .startsWith("feature-xxx").matches(".*-[0-9a-f]{8}");
    }

    @Test
    void fit_leaves_no_double_dash_where_it_cuts() {
        String dashAtCut = "a".repeat(53) + "-" + "b".repeat(20);

        assertThat(DnsLabel.fit(dashAtCut)).matches("a{53}-[0-9a-f]{8}");
    }

    @Test
    void two_long_labels_differing_only_at_their_end_stay_different() {
        String common = "feature-" + "x".repeat(80);

        assertThat(DnsLabel.fit(common + "-one")).isNotEqualTo(DnsLabel.fit(common + "-two"));
    }

    @Test
    void fit_is_stable() {
        String label = "feature-" + "y".repeat(90);

        assertThat(DnsLabel.fit(label)).isEqualTo(DnsLabel.fit(label));
        assertThat(DnsLabel.fit(DnsLabel.fit(label))).isEqualTo(DnsLabel.fit(label));
    }
}
