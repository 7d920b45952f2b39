package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void durations_read_the_way_people_write_them() {
        assertThat(DurationText.of(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(DurationText.of(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(DurationText.of(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(DurationText.of(Duration.ofMinutes(150))).isEqualTo("2h30m");
        assertThat(DurationText.of(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    }
}
