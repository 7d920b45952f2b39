package dev.slipway.backend.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScriptDurationsTest {

    @Test
    void durations_read_the_way_people_write_them() {
        assertThat(ScriptDurations.human(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(ScriptDurations.human(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(ScriptDurations.human(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(ScriptDurations.human(Duration.ofMinutes(150))).isEqualTo("2h30m");
        assertThat(ScriptDurations.human(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    }
}
