package dev.slipway.cli;

import dev.slipway.Slipway;
import dev.slipway.config.ConfigError;
import dev.slipway.config.ConfigException;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.SlipwayConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --config} option every subcommand shares, and loading the file it names. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "slipway.yaml",
            description = "The configuration file (default: ${DEFAULT-VALUE}).")
    Path file;

    /** The loaded configuration, or empty after printing every error to {@code err}. */
    Optional<SlipwayConfig> load(PrintWriter err) {
        try {
            ConfigLoader loader = new ConfigLoader(Slipway.backendSettingsTypes(), Slipway.backendRefKinds(),
                    Slipway.backendChains(), System::getenv);
            return Optional.of(loader.load(file));
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                err.println(error);
            }
            err.println(e.errors().size() + (e.errors().size() == 1 ? " error" : " errors") + " in " + file);
            err.flush();
            return Optional.empty();
        }
    }
}
