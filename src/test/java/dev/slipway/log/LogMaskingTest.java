package dev.slipway.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.SlipwayCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogMaskingTest {
    @AfterEach
    void forget() {
        LogMasking.forgetAll();
    }

    @Test
    void masks_registered_secrets_keeping_a_known_prefix() {
        LogMasking.register(Arrays.asList("plain-webhook-secret", "xoxb-LEAKCHECK-1", null, "short"));
        assertThat(LogMasking.mask("hook plain-webhook-secret, bot xoxb-LEAKCHECK-1, a short word"))
                .isEqualTo("hook ****, bot xoxb-****, a short word");
        assertThat(LogMasking.isRegistered("short")).isFalse();
    }

    @Test
    void masks_a_secret_registered_later_and_the_longest_of_overlapping_ones_whole() {
        LogMasking.register(List.of("abcdef-secret"));
        LogMasking.register("abcdef-secret-longer");
        assertThat(LogMasking.mask("x abcdef-secret-longer y abcdef-secret"))
                .isEqualTo("x **** y ****");
    }

    @Test
    void the_secrets_of_a_configuration_are_registered_when_the_command_line_loads_it(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("slipway.yaml");
        Files.writeString(file, """
                server: { publicUrl: "https://slipway.example.com" }
                projects:
                  - id: api
                    environments:
                      production:
                        backend: { type: webhook, url: "https://deployer.example.com/x", secret: plain-config-secret-1 }
                """);
        StringWriter out = new StringWriter();
        assertThat(SlipwayCommand.execute(new PrintWriter(out), new PrintWriter(out), "check-config", "--config",
                file.toString())).as(out.toString()).isZero();
        assertThat(LogMasking.isRegistered("plain-config-secret-1")).isTrue();
        assertThat(LogMasking.mask("sent plain-config-secret-1")).isEqualTo("sent ****");
    }

    @Test
    void masks_token_shapes_without_any_registered_secret() {
        assertThat(LogMasking.mask("--> POST https://slack.com/api/chat.postMessage?token=xoxb-1-2 http/1.1"))
                .isEqualTo("--> POST https://slack.com/api/chat.postMessage?token=**** http/1.1");
        assertThat(LogMasking.mask("nothing here")).isEqualTo("nothing here");
        assertThat(LogMasking.mask(null)).isNull();
    }
}
