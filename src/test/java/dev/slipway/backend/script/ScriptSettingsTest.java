package dev.slipway.backend.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.Slipway;
import dev.slipway.config.ConfigException;
import dev.slipway.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScriptSettingsTest {
    @TempDir
    Path dir;

    @Test
    void check_config_names_the_line_of_a_quoted_placeholder_and_of_a_variable_slipway_owns() throws Exception {
        Path file = dir.resolve("slipway.yaml");
        Files.writeString(file, """
                projects:
                  - id: api
                    environments:
                      production:
                        backend:
                          type: script
                          command: ./deploy.sh "{{ref}}"
                      staging:
                        backend:
                          type: script
                          command: ./deploy.sh {{ref}}
                          env: { SLIPWAY_REF: other, AWS_PROFILE: deploy }
                """);

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(Slipway.backendSettingsTypes(), Slipway.backendRefKinds(), name -> null)
                        .load(file));

        assertThat(e.errors()).map(Object::toString).hasSize(2)
                .anySatisfy(error -> assertThat(error).contains("slipway.yaml:5: projects[0].environments.production"
                        + ".backend: {{ref}} is inside double quotes", "write it bare", "\"$SLIPWAY_REF\""))
                .anySatisfy(error -> assertThat(error).contains("slipway.yaml:9: projects[0].environments.staging"
                        + ".backend: env.SLIPWAY_REF: SLIPWAY_* variables are Slipway's own"));
    }

    @Test
    void env_names_must_be_variable_names() {
        assertThatThrownBy(() -> new ScriptSettings("./deploy.sh", null, null, Map.of("A-B", "x")))
                .hasMessageContaining("env.A-B");
        assertThat(new ScriptSettings("./deploy.sh", null, null, null).env()).isEmpty();
    }

    @Test
    void a_command_is_required() {
        assertThatThrownBy(() -> new ScriptSettings(" ", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command is required");
        assertThatThrownBy(() -> new ScriptSettings(null, null, null))
                .hasMessage("command is required");
    }

    @Test
    void the_timeout_defaults_to_ten_minutes() {
        assertThat(new ScriptSettings("./deploy.sh", null, null).timeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void a_timeout_that_is_not_positive_is_refused() {
        assertThatThrownBy(() -> new ScriptSettings("./deploy.sh", null, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must be positive");
    }

    @Test
    void the_backend_type_is_named_script_and_has_no_default_ref() {
        var type = ScriptBackend.type(Path.of("runs"));
        ScriptSettings settings = new ScriptSettings("./deploy.sh", null, null);

        assertThat(type.name()).isEqualTo("script");
        assertThat(type.settingsType()).isEqualTo(ScriptSettings.class);
        assertThat(type.create(settings)).isInstanceOf(ScriptBackend.class);
        assertThat(type.defaultRefOf(settings)).isEmpty();
    }
}
