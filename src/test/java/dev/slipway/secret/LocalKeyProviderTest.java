package dev.slipway.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeyProviderTest extends KeyProviderContract {
    @TempDir
    Path dir;

    @Override
    protected KeyProvider provider() {
        return LocalKeyProvider.random("a test");
    }

    @Override
    protected KeyProvider otherProvider() {
        return LocalKeyProvider.random("another test");
    }

    @Test
    void the_key_id_is_the_first_8_hex_digits_of_the_keys_sha256() throws Exception {
        byte[] key = new byte[32];
        key[0] = 7;
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 8);

        LocalKeyProvider provider = new LocalKeyProvider(key, "a test");

        assertThat(provider.keyId()).isEqualTo("local:" + expected);
        assertThat(provider.keyVersion()).isEqualTo(1);
    }

    @Test
    void makes_a_missing_key_file_with_32_random_bytes_for_the_owner_only_and_reads_it_back() throws Exception {
        Path file = dir.resolve("data").resolve("master.key");

        LocalKeyProvider made = LocalKeyProvider.fromFileCreatingIt(file);
        LocalKeyProvider read = LocalKeyProvider.fromFile(file);

        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(read.keyId()).isEqualTo(made.keyId());
        assertThat(LocalKeyProvider.fromFileCreatingIt(file).keyId()).isEqualTo(made.keyId());
    }

    @Test
    void processes_starting_at_once_make_one_key_and_all_read_it_whole() throws Exception {
        for (int round = 0; round < 20; round++) {
            Path file = dir.resolve("round-" + round).resolve("master.key");
            List<java.util.function.Supplier<String>> starts = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                starts.add(() -> LocalKeyProvider.fromFileCreatingIt(file).keyId());
            }
            List<String> keyIds = dev.slipway.testing.Concurrently.atOnce(java.time.Duration.ofSeconds(20), starts);
            assertThat(keyIds).hasSize(8).containsOnly(keyIds.get(0));
            try (java.util.stream.Stream<Path> left = Files.list(file.getParent())) {
                assertThat(left).containsExactly(file);
            }
        }
    }

    @Test
    void a_key_that_is_not_32_bytes_of_base64_is_one_line_naming_where_it_came_from() throws Exception {
        Path file = dir.resolve("short.key");
        Files.writeString(file, Base64.getEncoder().encodeToString(new byte[16]));

        assertThatThrownBy(() -> LocalKeyProvider.fromBase64("not base64!", "SLIPWAY_MASTER_KEY"))
                .isInstanceOf(SecretException.class)
                .hasMessage("the master key from SLIPWAY_MASTER_KEY is not base64 of 32 bytes"
                        + " (make one with: head -c 32 /dev/urandom | base64)");
        assertThatThrownBy(() -> LocalKeyProvider.fromFile(file))
                .hasMessage("the master key from " + file + " is 16 bytes; it must be 32 bytes, written in base64");
        assertThatThrownBy(() -> LocalKeyProvider.fromFile(dir.resolve("none.key")))
                .hasMessage("the master key file " + dir.resolve("none.key") + " does not exist");
    }
}
