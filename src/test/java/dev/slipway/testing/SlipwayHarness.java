package dev.slipway.testing;

import dev.slipway.Slipway;
import dev.slipway.backend.Repositories;
import dev.slipway.chat.ChatNotifier;
import dev.slipway.chat.console.ConsoleNotifier;
import dev.slipway.chat.console.ConsoleSurface;
import dev.slipway.config.ConfigException;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Deployment;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A real Slipway on a real SQLite file in a temporary folder, with the console surface in front of it and its
 * output captured: what a person at the terminal would have seen.
 */
public final class SlipwayHarness implements AutoCloseable {
    /** How long {@link #console} waits for what it started; a test that waits longer is stuck, not slow. */
    private static final java.time.Duration SETTLE_LIMIT = java.time.Duration.ofMinutes(2);
    private final Path dir;
    private final SlipwayConfig config;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
    private final Repositories repositories;
    private final Clock clock;
    private Slipway slipway;

    private SlipwayHarness(Path dir, SlipwayConfig config, Repositories repositories, Clock clock) {
        this.dir = dir;
        this.config = config;
        this.repositories = repositories;
        this.clock = clock;
    }

    /**
     * Writes {@code yaml} (with {@code ${DIR}} replaced by the temporary folder) as slipway.yaml and opens Slipway
     * on it with its workers running. The database is {@code DIR/slipway.db} unless the YAML names one.
     */
    public static SlipwayHarness start(Path dir, String yaml) {
        return start(dir, yaml, null);
    }

    /** As {@link #start(Path, String)}, with {@code repositories} (null for none) as the projects' code host. */
    public static SlipwayHarness start(Path dir, String yaml, Repositories repositories) {
        return start(dir, yaml, repositories, Clock.systemUTC());
    }

    /** As {@link #start(Path, String, Repositories)}, on {@code clock} (a {@link MovingClock} for a test's own time). */
    public static SlipwayHarness start(Path dir, String yaml, Repositories repositories, Clock clock) {
        try {
            Path file = dir.resolve("slipway.yaml");
            Files.writeString(file, yaml.replace("${DIR}", dir.toString()));
            SlipwayConfig config = new ConfigLoader(Slipway.backendSettingsTypes(), Slipway.backendRefKinds(),
                    Slipway.backendChains(), Map.of("DIR", dir.toString())::get).load(file);
            SlipwayHarness harness = new SlipwayHarness(dir, config, repositories, clock);
            harness.open();
            return harness;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.errors().toString(), e);
        }
    }

    /** A demo project "demo" with staging (anyone, any ref) and production (main only, owners only). */
    public static String demoYaml(String stagingCommand, String productionCommand, String extra) {
        return """
                database:
                  url: "jdbc:sqlite:${DIR}/slipway.db"
                dataDir: ${DIR}/data
                jobs:
                  workers: 2
                  initialBackoff: 100ms
                  maxBackoff: 1s
                  lease: 3s
                  pollInterval: 50ms
                %s
                projects:
                  - id: demo
                    owners: [alice]
                    qa: [bob]
                    environments:
                      staging:
                        backend: { type: script, command: %s, timeout: 5s }
                        defaultRef: main
                      production:
                        backend: { type: script, command: %s, timeout: 5s }
                        defaultRef: main
                        allowedRefs: [main]
                        deployers: [owners]
                """.formatted(extra, quote(stagingCommand), quote(productionCommand));
    }

    private static String quote(String command) {
        return "'" + command.replace("'", "''") + "'";
    }

    private void open() {
        Map<String, ChatNotifier> notifiers = Map.of(ConsoleSurface.NAME, new ConsoleNotifier(out));
        slipway = repositories == null ? Slipway.open(config, notifiers, clock)
                : Slipway.open(config, notifiers, repositories, clock);
        slipway.startWorkers();
    }

    /** Types {@code lines} into a console as {@code user}, waits for the deployments they started, returns them. */
    public List<Long> console(String user, String... lines) {
        try {
            ConsoleSurface surface = new ConsoleSurface(slipway.parser(), slipway.dispatcher(), out);
            List<Long> started = surface.run(new BufferedReader(new StringReader(String.join("\n", lines))), user, true);
            slipway.awaitSettled(started, SETTLE_LIMIT);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Types {@code lines} and returns at once, without waiting for deployments. */
    public List<Long> type(String user, String... lines) {
        try {
            ConsoleSurface surface = new ConsoleSurface(slipway.parser(), slipway.dispatcher(), out);
            return surface.run(new BufferedReader(new StringReader(String.join("\n", lines))), user, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops this Slipway as a shutdown would (running jobs handed back at once) and opens a new one on the same files. */
    public void restart() {
        slipway.stop(java.time.Duration.ZERO);
        open();
    }

    public String output() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    public Deployment deployment(long id) {
        return slipway.store().inTransaction(tx -> tx.deployments().findById(id)).orElseThrow();
    }

    public List<AuditEvent> audit(long deploymentId) {
        return slipway.store().inTransaction(tx -> tx.audit().listByDeployment(deploymentId));
    }

    public Slipway slipway() {
        return slipway;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        slipway.close();
    }
}
