package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.Slipway;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Found by ConfigLoaderFuzzTest: an environment left empty was passed on as an internal marker object. */
class ConfigLoaderNullEntriesTest {
    @TempDir
    Path dir;

    @Test
    void an_empty_environment_is_a_config_error_not_a_class_cast() throws Exception {
        Path file = dir.resolve("slipway.yaml");
        Files.writeString(file, """
                projects:
                  - id: demo
                    owners: [alice]
                    environments:
                      staging:
                """);
        ConfigLoader loader = new ConfigLoader(Slipway.backendSettingsTypes(), Slipway.backendRefKinds(),
                Slipway.backendChains(), name -> null);
        ConfigException refused = catchThrowableOfType(ConfigException.class, () -> loader.load(file));
        assertThat(refused).isNotNull();
        assertThat(refused.errors()).extracting(ConfigError::toString)
                .anySatisfy(error -> assertThat(error).contains("projects[0].environments.staging"));
    }
}
