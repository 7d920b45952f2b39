package dev.slipway.app.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobSettingsTest {
    private final JobSettings settings = new JobSettings(2, 8, Duration.ofSeconds(2), Duration.ofMinutes(1),
            Duration.ofSeconds(30), Duration.ofMillis(100));

    @Test
    void backoff_doubles_after_each_failure() {
        assertThat(settings.backoff(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.backoff(3)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void backoff_is_capped() {
        assertThat(settings.backoff(7)).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.backoff(1000)).isEqualTo(Duration.ofMinutes(1));
    }
}
