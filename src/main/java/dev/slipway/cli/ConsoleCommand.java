package dev.slipway.cli;

import dev.slipway.Slipway;
import dev.slipway.chat.console.ConsoleNotifier;
import dev.slipway.chat.console.ConsoleSurface;
import dev.slipway.config.SlipwayConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code slipway console}: talk to Slipway from a terminal as one user. Reads commands until the input ends,
 * then waits for the deployments it started to finish, so a file of commands can be piped in.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "Type commands as USER and see what chat would show; reads standard input until it ends.")
final class ConsoleCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--as", paramLabel = "USER", required = true,
            description = "The user id to act as (as in the configuration's owners, qa and deployers).")
    String user;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Logging.quiet();
        Optional<SlipwayConfig> loaded = config.load(spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return 1;
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (Slipway slipway = Slipway.open(loaded.get(), Map.of(ConsoleSurface.NAME, new ConsoleNotifier(out)),
                Clock.systemUTC())) {
            slipway.startWorkers();
            ConsoleSurface surface = new ConsoleSurface(slipway.parser(), slipway.dispatcher(), out);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            List<Long> started = surface.run(in, user, System.console() == null);
            slipway.awaitSettled(started);
            slipway.stop(Duration.ofSeconds(5));
        }
        return 0;
    }
}
