package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.backend.BackendType;
import dev.slipway.domain.FixedFreezeWindow;
import dev.slipway.domain.Freeze;
import dev.slipway.domain.FreezeWindow;
import dev.slipway.domain.Policy;
import dev.slipway.domain.RefKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreezeWindowsTest {
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Duration WEEKEND = Duration.ofHours(63);

    @TempDir
    Path dir;

    // --- repeating windows ------------------------------------------------------------------------

    @Test
    void a_cron_window_freezes_the_environment_asked_about_from_an_execution_for_its_duration() {
        FreezeWindow weekend = cron("0 18 * * FRI", WEEKEND, null, "weekend");

        assertThat(weekend.at("api", "production", Instant.parse("2026-12-05T12:00:00Z"))).contains(new Freeze(
                "api", "production", "weekend", Instant.parse("2026-12-04T18:00:00Z"),
                Instant.parse("2026-12-07T09:00:00Z"), null, ZoneOffset.UTC));
        assertThat(weekend.at("api", "production", Instant.parse("2026-12-07T12:00:00Z"))).isEmpty();
        assertThat(weekend.at("api", "production", Instant.parse("2026-12-03T18:00:00Z"))).isEmpty();
    }

    @Test
    void a_cron_window_holds_from_its_start_and_no_longer_at_its_end() {
        FreezeWindow weekend = cron("0 18 * * FRI", WEEKEND, null, "");
        Instant start = Instant.parse("2026-12-04T18:00:00Z");
        Instant end = Instant.parse("2026-12-07T09:00:00Z");

        assertThat(weekend.at("api", "production", start)).get().extracting(Freeze::since).isEqualTo(start);
        assertThat(weekend.at("api", "production", start.minusMillis(1))).isEmpty();
        assertThat(weekend.at("api", "production", end.minusMillis(1))).get().extracting(Freeze::until).isEqualTo(end);
        assertThat(weekend.at("api", "production", end)).isEmpty();
    }

    @Test
    void a_cron_window_in_tokyo_follows_tokyo_clocks_whatever_the_utc_day() {
        // Saturday 01:00 in Tokyo is still Friday in UTC.
        FreezeWindow window = cron("0 1 * * SAT", Duration.ofHours(10), "Asia/Tokyo", "batch");
        Instant start = Instant.parse("2026-12-04T16:00:00Z");

        assertThat(window.at("api", "production", start)).contains(new Freeze("api", "production", "batch", start,
                Instant.parse("2026-12-05T02:00:00Z"), null, TOKYO));
        assertThat(window.at("api", "production", start.minusSeconds(1))).isEmpty();
        assertThat(window.at("api", "production", Instant.parse("2026-12-05T01:59:59Z"))).isPresent();
        assertThat(window.at("api", "production", Instant.parse("2026-12-05T02:00:00Z"))).isEmpty();
        assertThat(window.at("api", "production", Instant.parse("2026-12-05T16:00:00Z"))).isEmpty();
    }

    @Test
    void a_cron_window_in_berlin_starts_an_hour_earlier_in_utc_in_summer() {
        FreezeWindow weekend = cron("0 18 * * FRI", WEEKEND, "Europe/Berlin", "");

        assertThat(weekend.at("api", "production", Instant.parse("2026-12-04T16:59:59Z"))).isEmpty();
        assertThat(weekend.at("api", "production", Instant.parse("2026-12-04T17:00:00Z"))).get()
                .extracting(Freeze::zone).isEqualTo(BERLIN);
        assertThat(weekend.at("api", "production", Instant.parse("2026-07-03T15:59:59Z"))).isEmpty();
        assertThat(weekend.at("api", "production", Instant.parse("2026-07-03T16:00:00Z"))).get()
                .extracting(Freeze::since).isEqualTo(Instant.parse("2026-07-03T16:00:00Z"));
    }

    @Test
    void a_cron_window_across_a_daylight_saving_change_lasts_its_duration_of_elapsed_time() {
        FreezeWindow weekend = cron("0 18 * * FRI", WEEKEND, "Europe/Berlin", "");

        // Friday 18:00 CET; 63 hours later the clocks say 10:00 CEST, as they moved forward on Sunday.
        assertThat(weekend.at("api", "production", Instant.parse("2026-03-29T12:00:00Z"))).get()
                .satisfies(freeze -> {
                    assertThat(freeze.since()).isEqualTo(Instant.parse("2026-03-27T17:00:00Z"));
                    assertThat(freeze.until()).isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));
                });
    }

    @Test
    void of_overlapping_windows_of_one_cron_the_one_ending_last_is_told() {
        FreezeWindow hourly = cron("0 * * * *", Duration.ofMinutes(90), null, "");

        assertThat(hourly.at("api", "production", Instant.parse("2026-12-04T10:15:00Z"))).get()
                .satisfies(freeze -> {
                    assertThat(freeze.since()).isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
                    assertThat(freeze.until()).isEqualTo(Instant.parse("2026-12-04T11:30:00Z"));
                });
    }

    @Test
    void days_of_the_month_and_of_the_week_both_given_match_either_as_in_unix_cron() {
        FreezeWindow window = cron("0 0 13 * FRI", Duration.ofDays(1), null, "");

        assertThat(window.at("api", "production", Instant.parse("2026-12-11T12:00:00Z"))).isPresent();
        assertThat(window.at("api", "production", Instant.parse("2026-12-13T12:00:00Z"))).isPresent();
        assertThat(window.at("api", "production", Instant.parse("2026-12-12T12:00:00Z"))).isEmpty();
    }

    @Test
    void says_what_is_wrong_with_an_expression_that_is_no_unix_cron() {
        assertThatThrownBy(() -> CronFreezeWindow.executions("0 18 * * FRY"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FRY")
                .message().doesNotStartWith("Failed to parse");
        assertThatThrownBy(() -> CronFreezeWindow.executions("0 0 18 * * FRI"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 parts");
        assertThatThrownBy(() -> CronFreezeWindow.executions("0 0 30 2 *"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no date ever matches it");
        assertThat(CronFreezeWindow.executions("*/15 9-17 * * mon-fri")).isNotNull();
    }

    // --- fixed windows ----------------------------------------------------------------------------

    @Test
    void a_fixed_window_by_date_runs_from_the_first_moment_of_one_day_to_that_of_another_in_its_zone() {
        FreezeWindow window = fixed("2026-12-24", "2026-12-27", "Asia/Tokyo");

        assertThat(window).isEqualTo(new FixedFreezeWindow(Instant.parse("2026-12-23T15:00:00Z"),
                Instant.parse("2026-12-26T15:00:00Z"), "holidays", TOKYO));
        assertThat(window.at("api", "staging", Instant.parse("2026-12-23T15:00:00Z"))).isPresent();
        assertThat(window.at("api", "staging", Instant.parse("2026-12-23T14:59:59Z"))).isEmpty();
        assertThat(window.at("api", "staging", Instant.parse("2026-12-26T15:00:00Z"))).isEmpty();
    }

    @Test
    void reads_times_with_their_own_offset_or_on_the_clocks_of_the_zone_and_dates_in_utc_by_default() {
        assertThat(FreezeWindows.instant("2026-12-24T00:00:00+09:00", BERLIN))
                .isEqualTo(Instant.parse("2026-12-23T15:00:00Z"));
        assertThat(FreezeWindows.instant("2026-12-24T18:00Z", TOKYO)).isEqualTo(Instant.parse("2026-12-24T18:00:00Z"));
        assertThat(FreezeWindows.instant("2026-12-24T18:00", BERLIN)).isEqualTo(Instant.parse("2026-12-24T17:00:00Z"));
        assertThat(FreezeWindows.instant("2026-07-24T18:00", BERLIN)).isEqualTo(Instant.parse("2026-07-24T16:00:00Z"));
        assertThat(fixed("2026-12-24", "2026-12-27", null)).extracting(w -> ((FixedFreezeWindow) w).from())
                .isEqualTo(Instant.parse("2026-12-24T00:00:00Z"));
    }

    // --- from the configuration to the policy ----------------------------------------------------------

    @Test
    void an_environment_is_frozen_by_its_own_windows_and_its_projects() throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("slipway.yaml"), """
                projects:
                  - id: api
                    freeze:
                      - { cron: 0 18 * * FRI, duration: 63h, timezone: Asia/Tokyo, reason: weekend }
                    environments:
                      staging:
                        backend: { type: script, command: ./deploy.sh }
                      production:
                        backend: { type: script, command: ./deploy.sh }
                        freeze:
                          - { from: 2026-12-24, until: 2026-12-27, reason: holidays }
                """);
        SlipwayConfig config = new ConfigLoader(Map.of("script", TestScriptSettings.class), name -> null).load(file);
        Map<String, BackendType<?>> types = Map.of("script", new BackendType<>("script", TestScriptSettings.class,
                RefKind.GIT, settings -> null, settings -> Optional.empty()));
        var api = ConfigMapper.toProjects(config, types).findById("api").orElseThrow();
        Policy staging = api.environment("staging").orElseThrow().policy();
        Policy production = api.environment("production").orElseThrow().policy();
        Instant christmas = Instant.parse("2026-12-25T03:00:00Z");
        Instant fridayNightInTokyo = Instant.parse("2026-12-04T10:00:00Z");

        assertThat(staging.freezes()).hasSize(1);
        assertThat(production.freezes()).hasSize(2);
        assertThat(frozen(staging, "staging", christmas)).isEmpty();
        assertThat(frozen(production, "production", christmas)).containsExactly("holidays");
        assertThat(frozen(staging, "staging", fridayNightInTokyo)).containsExactly("weekend");
        assertThat(frozen(production, "production", fridayNightInTokyo)).containsExactly("weekend");
    }

    @Test
    void skips_entries_that_failed_to_bind() {
        assertThat(FreezeWindows.of(Arrays.asList(null, new FreezeConfig(null, null, null, "2026-12-24",
                "2026-12-25", null)))).hasSize(1);
    }

    private static List<String> frozen(Policy policy, String environment, Instant at) {
        return policy.freezes().stream().flatMap(w -> w.at("api", environment, at).stream())
                .peek(freeze -> assertThat(freeze.environment()).isEqualTo(environment))
                .map(Freeze::reason).toList();
    }

    private static FreezeWindow cron(String expression, Duration duration, String timezone, String reason) {
        return only(new FreezeConfig(expression, duration, timezone, null, null, reason));
    }

    private static FreezeWindow fixed(String from, String until, String timezone) {
        return only(new FreezeConfig(null, null, timezone, from, until, "holidays"));
    }

    private static FreezeWindow only(FreezeConfig freeze) {
        List<FreezeWindow> windows = FreezeWindows.of(List.of(freeze));
        assertThat(windows).hasSize(1);
        return windows.get(0);
    }
}
