package dev.slipway.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** What every {@link KeyProvider} keeps, run against each: see the interface's javadoc. */
public abstract class KeyProviderContract {

    /** A provider of its own master key. */
    protected abstract KeyProvider provider();

    /** A provider of another master key than {@link #provider()}'s. */
    protected abstract KeyProvider otherProvider();

    @Test
    void a_data_key_is_256_random_bits_that_unwraps_from_its_wrapped_form() {
        KeyProvider provider = provider();
        DataKey key = provider.generateDataKey();

        assertThat(key.plaintext()).hasSize(32);
        assertThat(key.wrapped()).isNotEqualTo(key.plaintext());
        assertThat(provider.unwrap(provider.keyId(), provider.keyVersion(), key.wrapped()))
                .isEqualTo(key.plaintext());
    }

    @Test
    void every_data_key_is_new() {
        KeyProvider provider = provider();

        assertThat(provider.generateDataKey().plaintext()).isNotEqualTo(provider.generateDataKey().plaintext());
    }

    @Test
    void wraps_a_given_key_so_that_it_unwraps_to_the_same_bytes() {
        KeyProvider provider = provider();
        byte[] key = otherProvider().generateDataKey().plaintext();

        assertThat(provider.unwrap(provider.keyId(), provider.keyVersion(), provider.wrap(key))).isEqualTo(key);
    }

    @Test
    void refuses_a_key_id_that_is_not_its_own_naming_both() {
        KeyProvider provider = provider();
        KeyProvider other = otherProvider();
        DataKey key = other.generateDataKey();

        assertThatThrownBy(() -> provider.unwrap(other.keyId(), other.keyVersion(), key.wrapped()))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining(other.keyId())
                .hasMessageContaining(provider.keyId());
    }

    @Test
    void refuses_wrapped_bytes_that_were_changed_without_showing_key_bytes() {
        KeyProvider provider = provider();
        DataKey key = provider.generateDataKey();
        byte[] changed = key.wrapped();
        changed[changed.length - 1] ^= 1;

        assertThatThrownBy(() -> provider.unwrap(provider.keyId(), provider.keyVersion(), changed))
                .isInstanceOf(SecretException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(HexFormat.of().formatHex(key.plaintext()))
                        .doesNotContainPattern("\\R"));
    }

    @Test
    void refuses_wrapped_bytes_of_another_master_key_under_its_own_key_id() {
        KeyProvider provider = provider();
        byte[] foreign = otherProvider().generateDataKey().wrapped();

        assertThatThrownBy(() -> provider.unwrap(provider.keyId(), provider.keyVersion(), foreign))
                .isInstanceOf(SecretException.class);
    }

    @Test
    void a_data_key_does_not_show_its_bytes_in_text() {
        DataKey key = provider().generateDataKey();

        assertThat(key.toString()).doesNotContain(Arrays.toString(key.plaintext()))
                .doesNotContain(HexFormat.of().formatHex(key.plaintext()));
    }
}
