package dev.slipway.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private static final String SECRET = "xoxb-1234-very-secret";
    private static final SealContext ROW = new SealContext("slack_installations", "T0001", "bot_token");

    private final LocalKeyProvider key = LocalKeyProvider.random("a test");
    private final SecretBox box = new SecretBox(key);

    @Test
    void opens_what_it_sealed() {
        String sealed = box.seal(SECRET, ROW);

        assertThat(box.open(sealed, ROW)).isEqualTo(SECRET);
        assertThat(new SecretBox(key).open(sealed, ROW)).isEqualTo(SECRET);
    }

    @Test
    void a_sealed_value_is_one_self_contained_line_naming_its_key() {
        String sealed = box.seal(SECRET, ROW);

        assertThat(SecretBox.isSealed(sealed)).isTrue();
        assertThat(SecretBox.isSealed(SECRET)).isFalse();
        assertThat(SecretBox.isSealed(null)).isFalse();
        assertThat(sealed).matches("enc:v1:" + key.keyId() + ":1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+")
                .doesNotContain(SECRET);
        assertThat(SecretBox.keyIdOf(sealed)).isEqualTo(key.keyId());
        String payload = sealed.substring(sealed.lastIndexOf(':') + 1);
        assertThat(Base64.getUrlDecoder().decode(payload)).hasSize(12 + SECRET.length() + 16);
    }

    @Test
    void the_same_value_seals_differently_each_time() {
        assertThat(box.seal(SECRET, ROW)).isNotEqualTo(box.seal(SECRET, ROW));
    }

    @Test
    void a_value_copied_to_another_row_or_column_does_not_open_there() {
        String sealed = box.seal(SECRET, ROW);

        assertThatThrownBy(() -> box.open(sealed, new SealContext("slack_installations", "T0002", "bot_token")))
                .isInstanceOf(SecretException.class)
                .hasMessage("cannot decrypt slack_installations/T0002/bot_token: the value was changed or belongs"
                        + " elsewhere");
        assertThatThrownBy(() -> box.open(sealed, new SealContext("slack_installations", "T0001", "user_token")))
                .hasMessageContaining("belongs elsewhere");
        assertThatThrownBy(() -> box.open(sealed, SealContext.CONFIG)).hasMessageContaining("belongs elsewhere");
    }

    @Test
    void a_changed_ciphertext_does_not_open() {
        String sealed = box.seal(SECRET, ROW);
        // Not the last character: unpadded base64's last one may carry bits that decode to nothing.
        int inside = sealed.length() - 5;
        String changed = sealed.substring(0, inside) + (sealed.charAt(inside) == 'A' ? 'B' : 'A')
                + sealed.substring(inside + 1);

        assertThatThrownBy(() -> box.open(changed, ROW))
                .isInstanceOf(SecretException.class)
                .hasMessage("cannot decrypt slack_installations/T0001/bot_token: the value was changed or belongs"
                        + " elsewhere");
    }

    @Test
    void a_changed_wrapped_key_does_not_open() {
        String sealed = box.seal(SECRET, ROW);
        String[] parts = sealed.split(":");
        byte[] wrapped = Base64.getUrlDecoder().decode(parts[parts.length - 2]);
        wrapped[20] ^= 1;
        parts[parts.length - 2] = Base64.getUrlEncoder().withoutPadding().encodeToString(wrapped);

        assertThatThrownBy(() -> new SecretBox(key).open(String.join(":", parts), ROW))
                .isInstanceOf(SecretException.class)
                .hasMessageStartingWith("cannot decrypt slack_installations/T0001/bot_token: ")
                .hasMessageContaining("changed");
    }

    @Test
    void another_master_key_fails_naming_both_keys_and_never_the_plaintext() {
        String sealed = box.seal(SECRET, ROW);
        LocalKeyProvider other = LocalKeyProvider.random("SLIPWAY_MASTER_KEY");

        assertThatThrownBy(() -> new SecretBox(other).open(sealed, ROW))
                .isInstanceOf(SecretException.class)
                .hasMessage("cannot decrypt slack_installations/T0001/bot_token: wrapped by key " + key.keyId()
                        + " v1, which is not the master key given (" + other.keyId() + " from SLIPWAY_MASTER_KEY)")
                .satisfies(e -> assertThat(((SecretException) e).reason()).startsWith("wrapped by key"));
    }

    @Test
    void something_that_is_not_a_sealed_value_fails_without_echoing_it() {
        assertThatThrownBy(() -> box.open(SECRET, ROW))
                .isInstanceOf(SecretException.class)
                .hasMessageStartingWith("cannot decrypt slack_installations/T0001/bot_token: not a sealed value")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThatThrownBy(() -> box.open("enc:v1:garbage", ROW)).hasMessageContaining("not a sealed value");
    }

    @Test
    void opening_again_does_not_ask_the_provider_again() {
        AtomicInteger unwraps = new AtomicInteger();
        KeyProvider counting = new KeyProvider() {
            @Override
            public String keyId() {
                return key.keyId();
            }

            @Override
            public int keyVersion() {
                return 1;
            }

            @Override
            public DataKey generateDataKey() {
                return key.generateDataKey();
            }

            @Override
            public byte[] wrap(byte[] dataKey) {
                return key.wrap(dataKey);
            }

            @Override
            public byte[] unwrap(String keyId, int version, byte[] wrapped) {
                unwraps.incrementAndGet();
                return key.unwrap(keyId, version, wrapped);
            }
        };
        String sealed = box.seal(SECRET, ROW);
        SecretBox restarted = new SecretBox(counting);

        for (int i = 0; i < 5; i++) {
            assertThat(restarted.open(sealed, ROW)).isEqualTo(SECRET);
        }

        assertThat(unwraps).hasValue(1);
    }

    @Test
    void rewrap_moves_a_value_to_another_key_keeping_its_ciphertext() {
        String sealed = box.seal(SECRET, ROW);
        LocalKeyProvider newKey = LocalKeyProvider.random("the new key");
        SecretBox newBox = new SecretBox(newKey);

        String rewrapped = newBox.rewrap(sealed, key);

        assertThat(rewrapped).startsWith("enc:v1:" + newKey.keyId() + ":1:");
        assertThat(rewrapped.substring(rewrapped.lastIndexOf(':'))).isEqualTo(sealed.substring(sealed.lastIndexOf(':')));
        assertThat(new SecretBox(newKey).open(rewrapped, ROW)).isEqualTo(SECRET);
        assertThatThrownBy(() -> new SecretBox(key).open(rewrapped, ROW)).hasMessageContaining("wrapped by key "
                + newKey.keyId());
        assertThat(newBox.rewrap(rewrapped, key)).isEqualTo(rewrapped);
    }

    @Test
    void rewrap_with_the_wrong_old_key_fails_in_one_line() {
        String sealed = box.seal(SECRET, ROW);
        LocalKeyProvider stranger = LocalKeyProvider.random("a stranger");

        assertThatThrownBy(() -> SecretBox.forThisProcess().rewrap(sealed, stranger))
                .isInstanceOf(SecretException.class)
                .hasMessageStartingWith("cannot re-wrap: wrapped by key " + key.keyId());
    }

    @Test
    void the_context_reads_table_row_column() {
        assertThat(ROW).hasToString("slack_installations/T0001/bot_token");
        assertThat(SealContext.CONFIG).hasToString("config//");
    }
}
