package dev.slipway.cli;

import dev.slipway.config.SlipwayConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code slipway check-config}: reports every error in the configuration without starting anything. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Check the configuration file and list every error in it; starts nothing.")
final class CheckConfigCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Optional<SlipwayConfig> loaded = config.load(spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return 1;
        }
        int environments = loaded.get().projects().stream().mapToInt(p -> p.environments().size()).sum();
        int runbooks = loaded.get().runbooks().size();
        spec.commandLine().getOut().printf("%s is valid: %d project(s), %d environment(s)%s.%n", config.file,
                loaded.get().projects().size(), environments, runbooks == 0 ? "" : ", " + runbooks + " runbook(s)");
        return 0;
    }
}
