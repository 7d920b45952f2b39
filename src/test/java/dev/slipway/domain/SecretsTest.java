package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsTest {
    private final Secrets secrets = new Secrets(List.of("xoxb-0001", "xoxb-0001-longer", "abc"));

    @Test
    void masks_every_occurrence_and_a_secret_that_contains_another_whole() {
        assertThat(secrets.mask("key xoxb-0001-longer, again xoxb-0001."))
                .isEqualTo("key xoxb-****, again xoxb-****.");
        assertThat(secrets.mask(List.of("a xoxb-0001", "b"))).containsExactly("a xoxb-****", "b");
        assertThat(new Secrets(List.of("hunter2-plain")).mask("pw hunter2-plain")).isEqualTo("pw ****");
    }

    @Test
    void leaves_values_too_short_to_be_secrets_and_missing_text_alone() {
        assertThat(secrets.mask("abc is not masked")).isEqualTo("abc is not masked");
        assertThat(secrets.mask((String) null)).isNull();
        assertThat(Secrets.none().mask("plain words")).isEqualTo("plain words");
    }

    @Test
    void masks_token_shapes_it_was_not_configured_with() {
        assertThat(Secrets.none().mask("sent token=abc123 with ghp_Abc")).isEqualTo("sent token=**** with ghp_****");
    }

    @Test
    void shows_one_line_without_class_names() {
        assertThat(secrets.shown("java.net.ConnectException: refused for xoxb-0001\n\tat dev.slipway.X.y(X.java:1)"))
                .isEqualTo("refused for xoxb-****");
    }
}
