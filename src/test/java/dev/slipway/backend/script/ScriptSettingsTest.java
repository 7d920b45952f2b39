package dev.slipway.backend.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScriptSettingsTest {

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
