package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FixedFreezeWindowTest {
    private static final Instant FROM = Instant.parse("2026-12-23T15:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-12-26T15:00:00Z");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final FixedFreezeWindow YEAR_END = new FixedFreezeWindow(FROM, UNTIL, "year end", TOKYO);

    @Test
    void freezes_the_environment_asked_about_inside_the_window() {
        assertThat(YEAR_END.at("api", "production", Instant.parse("2026-12-25T00:00:00Z")))
                .contains(new Freeze("api", "production", "year end", FROM, UNTIL, null, TOKYO));
    }

    @Test
    void holds_from_its_first_instant_and_no_longer_at_its_end() {
        assertThat(YEAR_END.at("api", "production", FROM)).isPresent();
        assertThat(YEAR_END.at("api", "production", FROM.minusMillis(1))).isEmpty();
        assertThat(YEAR_END.at("api", "production", UNTIL.minusMillis(1))).isPresent();
        assertThat(YEAR_END.at("api", "production", UNTIL)).isEmpty();
    }

    @Test
    void is_written_in_utc_unless_a_zone_is_given_and_has_an_empty_reason_unless_one_is_given() {
        FixedFreezeWindow window = new FixedFreezeWindow(FROM, UNTIL, null, null);

        assertThat(window.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(window.at("web", "staging", FROM)).get().extracting(Freeze::reason).isEqualTo("");
    }

    @Test
    void ends_after_it_begins() {
        assertThatThrownBy(() -> new FixedFreezeWindow(FROM, FROM, "", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
