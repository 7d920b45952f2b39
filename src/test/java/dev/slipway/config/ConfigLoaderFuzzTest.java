package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.slipway.Slipway;
import dev.slipway.testing.FuzzedBodies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration loader on any text: a configuration or a {@link ConfigException} with its errors, never another
 * exception and never a hang (a fuzzing run fails an input that takes over 10s). Seeds (under {@code ConfigLoaderFuzzTestInputs}) are YAML files as
 * they are: the examples and smaller shapes of each section.
 */
class ConfigLoaderFuzzTest {
    private static final Map<String, String> ENVIRONMENT = Map.of("SLACK_BOT_TOKEN", "xoxb-fuzz",
            "SLACK_SIGNING_SECRET", "fuzz-signing-secret", "GITLAB_TRIGGER_TOKEN", "glptt-fuzz", "PORT", "8080");
    @TempDir
    static Path dir;

    @FuzzTest(maxDuration = "10s")
    void any_text_loads_or_is_refused_with_config_errors(FuzzedDataProvider data) {
        Path file = dir.resolve("slipway.yaml");
        try {
            Files.writeString(file, FuzzedBodies.rest(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ConfigLoader loader = new ConfigLoader(Slipway.backendSettingsTypes(), Slipway.backendRefKinds(),
                Slipway.backendChains(), ENVIRONMENT::get);
        try {
            assertThat(loader.load(file)).isNotNull();
        } catch (ConfigException refused) {
            assertThat(refused.errors()).as("a refusal names its errors").isNotEmpty();
        }
    }
}
