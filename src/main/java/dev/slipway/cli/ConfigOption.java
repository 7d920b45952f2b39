package dev.slipway.cli;

import dev.slipway.Slipway;
import dev.slipway.config.ConfigError;
import dev.slipway.config.ConfigException;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.SecretValues;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.log.LogMasking;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --config} option every subcommand shares, and loading the file it names. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "slipway.yaml",
            description = "The configuration file (default: ${DEFAULT-VALUE}).")
    Path file;

    /**
     * The loaded configuration, or empty after printing every error to {@code err}. Its secrets are masked in the
     * log from here on, before anything built from it can log one.
     */
    Optional<SlipwayConfig> load(PrintWriter err) {
        try {
            ConfigLoader loader = new ConfigLoader(Slipway.backendSettingsTypes(), Slipway.backendRefKinds(),
                    Slipway.backendChains(), System::getenv);
            SlipwayConfig config = loader.load(file);
            LogMasking.register(SecretValues.of(config));
            return Optional.of(config);
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
