package dev.slipway.chat.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.MovingClock;
import dev.slipway.testing.SlipwayHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit} typed in the console after real deploys, locks and refusals, on a real SQLite file. */
class AuditConsoleFlowTest {
    private static final String ECHO = "echo deployed";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    /** On the system clock, which the deployment's background jobs run by; the times are masked. */
    @Test
    void anyone_reads_what_happened_newest_first_with_the_refusal_marked() {
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(ECHO, ECHO, ""))) {
            long id = slipway.console("alice", "deploy demo staging").get(0);
            slipway.console("alice", "lock demo production release day");
            slipway.console("bob", "deploy demo production");
            String before = slipway.output();

            slipway.console("mallory", "audit demo");

            List<String> lines = slipway.output().substring(before.length()).lines()
                    .map(line -> line.strip().replaceFirst("^slipway: ", ""))
                    .map(line -> line.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "<time>")).toList();
            assertThat(lines).startsWith("mallory> audit demo",
                    "Audit events for demo since <time> (the last 7d), newest first:");
            assertThat(lines.get(2)).startsWith("<time> ✋ refused · bob · deploy · demo production · NOT_A_DEPLOYER:"
                    + " bob may not deploy demo to production");
            assertThat(lines.get(3)).isEqualTo("<time> alice · locked · demo production · release day");
            assertThat(lines.subList(4, lines.size())).contains(
                    "<time> alice · deployment queued · demo staging #" + id + " · requested from console",
                    "<time> slipway · deployment succeeded · demo staging #" + id + " · exit code 0");
            assertThat(lines.get(lines.size() - 1)).contains("deployment queued");
        }
    }

    @Test
    void since_follows_the_clock_and_filters_by_environment() {
        MovingClock clock = new MovingClock(T0);
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(ECHO, ECHO, ""), null, clock)) {
            slipway.console("alice", "lock demo staging");
            clock.move(Duration.ofDays(8));
            slipway.console("alice", "lock demo production");
            String before = slipway.output();

            slipway.console("bob", "audit", "audit demo staging", "audit demo staging --since 9d", "audit demo qa",
                    "audit demo --since tomorrow");

            String audit = slipway.output().substring(before.length()).replaceAll("\n *", "\n")
                    .replace("slipway: ", "");
            assertThat(audit)
                    .contains("Audit events since 2026-03-02T10:00:00Z (the last 7d), newest first:\n"
                            + "2026-03-09T10:00:00Z alice · locked · demo production\n")
                    .contains("No audit events for demo staging since 2026-03-02T10:00:00Z (the last 7d).")
                    .contains("Audit events for demo staging since 2026-02-28T10:00:00Z (the last 9d), newest first:\n"
                            + "2026-03-01T10:00:00Z alice · locked · demo staging\n")
                    .contains("demo has no environment `qa`. Environments: staging, production.")
                    .contains("`tomorrow` is not a duration; --since takes one like 7d, 12h or 30m");
        }
    }
}
