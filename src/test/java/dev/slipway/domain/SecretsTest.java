package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsTest {
    private final Secrets secrets = new Secrets(List.of("xoxb-0001", "xoxb-0001-longer", "abc"));

    @Test
    void masks_every_occurrence_and_a_secret_that_contains_another_whole() {
        assertThat(secrets.mask("token xoxb-0001-longer, again xoxb-0001."))
                .isEqualTo("token [secret], again [secret].");
        assertThat(secrets.mask(List.of("a xoxb-0001", "b"))).containsExactly("a [secret]", "b");
    }

    @Test
    void leaves_values_too_short_to_be_secrets_and_missing_text_alone() {
        assertThat(secrets.mask("abc is not masked")).isEqualTo("abc is not masked");
        assertThat(secrets.mask((String) null)).isNull();
        assertThat(Secrets.none().mask("xoxb-0001")).isEqualTo("xoxb-0001");
    }
}
