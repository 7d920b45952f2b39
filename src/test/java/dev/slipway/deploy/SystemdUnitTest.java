package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/systemd/slipway.service: how systemd starts, stops and confines Slipway on a host of its own. */
class SystemdUnitTest {
    private static final Path UNIT_FILE = Path.of("deploy/systemd/slipway.service");
    private static final Path LAUNCHER = Path.of("bin/slipway");
    private static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");
    private static final Path SYSTEM_UNITS = Path.of("/usr/lib/systemd/system");
    private static final Pattern TIME_SPAN = Pattern.compile("(\\d+)\\s*(s|sec|min|m)?");

    @TempDir
    Path dir;

    private SystemdUnit unit;

    @BeforeEach
    void parse() throws Exception {
        unit = SystemdUnit.parse(Files.readString(UNIT_FILE));
    }

    @Test
    void reads_sections_repeated_keys_comments_and_continued_lines() {
        SystemdUnit parsed = SystemdUnit.parse("""
                # comment
                [Service]
                ; another
                ExecStart=/bin/a \\
                  --flag
                Environment=A=1
                Environment=B=2
                """);

        assertThat(parsed.value("Service", "ExecStart")).isEqualTo("/bin/a --flag");
        assertThat(parsed.all("Service", "Environment")).containsExactly("A=1", "B=2");
        assertThat(parsed.value("Unit", "Description")).isNull();
    }

    @Test
    void stopping_the_service_stops_slipway_only_so_running_scripts_survive_a_restart() {
        assertThat(unit.value("Service", "KillMode")).isEqualTo("process");
        // A private /tmp is removed when the service stops, from under the scripts that outlive it.
        assertThat(unit.value("Service", "PrivateTmp")).isIn(null, "false", "no");
    }

    @Test
    void waits_longer_for_a_stop_than_the_servers_shutdown_grace() {
        Duration timeout = timeSpan(unit.value("Service", "TimeoutStopSec"));

        assertThat(timeout).isGreaterThan(ShutdownGrace.of());
    }

    @Test
    void runs_the_launcher_on_the_config_in_etc_as_a_dedicated_user() {
        assertThat(unit.value("Service", "ExecStart"))
                .isEqualTo("/opt/slipway/bin/slipway serve --config /etc/slipway/slipway.yaml");
        assertThat(unit.value("Service", "User")).isNotBlank().isNotIn("root", "0");
        assertThat(unit.value("Service", "WorkingDirectory")).isEqualTo("/var/lib/slipway");
        assertThat(unit.value("Service", "EnvironmentFile")).isEqualTo("-/etc/slipway/slipway.env");
        assertThat(unit.value("Service", "Restart")).isEqualTo("on-failure");
        assertThat(unit.value("Install", "WantedBy")).isEqualTo("multi-user.target");
        // The launcher's jar is the one installed beside it, not one an Environment= points elsewhere.
        assertThat(unit.all("Service", "Environment")).noneMatch(e -> e.startsWith("SLIPWAY_JAR="));
    }

    @Test
    void the_launcher_at_execstart_looks_for_the_jar_under_opt_slipway_target() throws Exception {
        String command = unit.value("Service", "ExecStart").split(" ")[0];
        Path root = dir.resolve("root");
        Path installed = root.resolve(command.substring(1));
        Files.createDirectories(installed.getParent());
        Files.copy(LAUNCHER, installed);
        installed.toFile().setExecutable(true);

        // Run as installed, before the jar is there: the launcher names the path it expected the jar at.
        Process launcher = new ProcessBuilder(installed.toString(), "serve").redirectErrorStream(true).start();
        assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(launcher.getInputStream().readAllBytes());

        assertThat(launcher.exitValue()).isEqualTo(1);
        assertThat(output).contains(root.resolve("opt/slipway/target/slipway.jar") + " is missing");
    }

    @Test
    void is_hardened_without_taking_away_what_scripts_need() {
        assertThat(unit.value("Service", "NoNewPrivileges")).isEqualTo("true");
        assertThat(unit.value("Service", "ProtectSystem")).isEqualTo("strict");
        assertThat(unit.all("Service", "ReadWritePaths")).contains(unit.value("Service", "WorkingDirectory"));
        // The JVM compiles code into memory it then runs.
        assertThat(unit.value("Service", "MemoryDenyWriteExecute")).isIn(null, "false", "no");
    }

    @Test
    void systemd_analyze_verify_accepts_it() throws Exception {
        assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE), "systemd-analyze is not installed");
        assumeTrue(Files.isDirectory(SYSTEM_UNITS), "no system units to verify against");
        // verify checks that ExecStart's program exists; an alternate root holds it, and the units it depends on.
        Path root = dir.resolve("root");
        Path units = root.resolve("etc/systemd/system");
        Path launcher = root.resolve("opt/slipway/bin/slipway");
        Files.createDirectories(units);
        Files.createDirectories(launcher.getParent());
        Files.createDirectories(root.resolve("usr/lib/systemd"));
        Files.copy(LAUNCHER, launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(UNIT_FILE, units.resolve("slipway.service"));
        run(List.of("cp", "-a", SYSTEM_UNITS.toString(), root.resolve("usr/lib/systemd").toString()));

        Process verify = new ProcessBuilder(SYSTEMD_ANALYZE.toString(), "verify", "--root=" + root,
                units.resolve("slipway.service").toString()).redirectErrorStream(true).start();
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).as("systemd-analyze verify finished").isTrue();
        String output = new String(verify.getInputStream().readAllBytes());

        assertThat(verify.exitValue()).as(output).isZero();
        // It warns, and still exits 0, about settings it ignores.
        assertThat(output).isBlank();
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, new String(process.getInputStream().readAllBytes()))
                .isZero();
    }

    /** A systemd time span of one unit: {@code 30}, {@code 30s}, {@code 2min}. */
    private static Duration timeSpan(String value) {
        assertThat(value).isNotNull();
        Matcher matcher = TIME_SPAN.matcher(value.strip());
        assertThat(matcher.matches()).as("a time span: %s", value).isTrue();
        long amount = Long.parseLong(matcher.group(1));
        return matcher.group(2) != null && matcher.group(2).startsWith("m")
                ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
    }
}
