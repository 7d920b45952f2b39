package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.secret.KeyProvider;
import dev.slipway.secret.LocalKeyProvider;
import dev.slipway.secret.SealContext;
import dev.slipway.secret.SecretBox;
import dev.slipway.secret.kms.AwsKmsKeyProvider;
import dev.slipway.testing.FakeKms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code enc:} values in slipway.yaml, opened at load with the key of its {@code secrets:} section. */
class ConfigSecretsTest {
    private static final String PROJECT = """
            projects:
              - id: api
                environments:
                  production:
                    backend: { type: script, command: ./deploy.sh }
            """;
    private static final String TOKEN = "xoxb-real-bot-token";

    @TempDir
    Path dir;

    private final Map<String, String> environment = new HashMap<>();
    private final byte[] keyBytes = key(1);
    private final LocalKeyProvider key = new LocalKeyProvider(keyBytes, "a test");
    private final String sealed = new SecretBox(key).seal(TOKEN, SealContext.CONFIG);

    private static byte[] key(int seed) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) seed;
        return bytes;
    }

    private ConfigLoader loader() {
        return new ConfigLoader(Map.of("script", TestScriptSettings.class), environment::get);
    }

    private String slack(String botToken) {
        return "dataDir: " + dir.resolve("data") + "\nslack:\n  signingSecret: s1\n  botToken: " + botToken + "\n"
                + PROJECT;
    }

    @Test
    void an_enc_value_is_opened_with_the_master_key_from_the_environment() throws Exception {
        environment.put("SLIPWAY_MASTER_KEY", Base64.getEncoder().encodeToString(keyBytes));

        SlipwayConfig config = loader().load(write(slack(sealed)));

        assertThat(config.slack().botToken()).isEqualTo(TOKEN);
        assertThat(config.secrets()).isEqualTo(new SecretsConfig("local", null, null));
    }

    @Test
    void an_enc_value_may_come_from_an_environment_variable_and_the_key_from_the_data_directory() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/master.key"), Base64.getEncoder().encodeToString(keyBytes) + "\n");
        environment.put("BOT_TOKEN", sealed);

        assertThat(loader().load(write(slack("${BOT_TOKEN}"))).slack().botToken()).isEqualTo(TOKEN);
    }

    @Test
    void the_master_key_file_of_the_secrets_section_is_used() throws Exception {
        Path keyFile = Files.writeString(dir.resolve("my.key"), Base64.getEncoder().encodeToString(keyBytes));

        SlipwayConfig config = loader().load(write("secrets:\n  masterKeyFile: " + keyFile + "\n" + slack(sealed)));

        assertThat(config.slack().botToken()).isEqualTo(TOKEN);
    }

    @Test
    void a_wrong_master_key_is_one_error_at_the_value_naming_both_keys() {
        LocalKeyProvider other = new LocalKeyProvider(key(2), "x");
        environment.put("SLIPWAY_MASTER_KEY", Base64.getEncoder().encodeToString(key(2)));

        assertThat(errors(slack(sealed))).containsExactly(file() + ":4: slack.botToken: cannot decrypt: wrapped by key "
                + key.keyId() + " v1, which is not the master key given (" + other.keyId() + " from SLIPWAY_MASTER_KEY)");
    }

    @Test
    void a_changed_value_is_one_error_at_the_value() {
        environment.put("SLIPWAY_MASTER_KEY", Base64.getEncoder().encodeToString(keyBytes));
        // Not the last character: unpadded base64's last one may carry bits that decode to nothing.
        int inside = sealed.length() - 5;
        String changed = sealed.substring(0, inside) + (sealed.charAt(inside) == 'A' ? 'B' : 'A')
                + sealed.substring(inside + 1);

        assertThat(errors(slack(changed))).containsExactly(file() + ":4: slack.botToken: cannot decrypt: the value was"
                + " changed or belongs elsewhere");
    }

    @Test
    void a_missing_master_key_is_one_error_saying_where_it_was_looked_for_and_no_key_is_made() {
        assertThat(errors(slack(sealed))).containsExactly(file() + ":4: slack.botToken: cannot decrypt: no master key:"
                + " set SLIPWAY_MASTER_KEY, or secrets.masterKeyFile, or put the key in "
                + dir.resolve("data").resolve("master.key"));
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void a_master_key_that_is_not_32_bytes_is_reported_at_the_value() {
        environment.put("SLIPWAY_MASTER_KEY", "c2hvcnQ=");

        assertThat(errors(slack(sealed))).containsExactly(file() + ":4: slack.botToken: cannot decrypt: the master key"
                + " from SLIPWAY_MASTER_KEY is 5 bytes; it must be 32 bytes, written in base64");
    }

    @Test
    void a_file_without_enc_values_needs_no_key_and_makes_none() throws Exception {
        SlipwayConfig config = loader().load(write(slack("xoxb-plain")));

        assertThat(config.slack().botToken()).isEqualTo("xoxb-plain");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void the_secrets_section_cannot_hold_enc_values() {
        environment.put("SLIPWAY_MASTER_KEY", Base64.getEncoder().encodeToString(keyBytes));

        assertThat(errors("secrets:\n  masterKeyFile: " + sealed + "\n" + PROJECT)).containsExactly(file()
                + ":2: secrets.masterKeyFile: cannot be an enc: value: the secrets: section says how to open them");
    }

    @Test
    void the_provider_is_local_or_aws_kms_and_kms_needs_a_key_and_a_region() {
        assertThat(errors("secrets:\n  provider: vault\n" + PROJECT))
                .containsExactly(file() + ":2: secrets.provider: expected local or aws-kms");
        assertThat(errors("secrets:\n  provider: aws-kms\n" + PROJECT))
                .containsExactly(file() + ":1: secrets.kms: required with provider aws-kms: give keyId and region");
        assertThat(errors("secrets:\n  provider: aws-kms\n  kms:\n    keyId: alias/slipway\n" + PROJECT))
                .containsExactly(file() + ":3: secrets.kms.region: required: the KMS key's AWS region, like eu-west-1");
    }

    @Test
    void lists_the_enc_values_of_a_file_by_key_path_without_opening_them() throws Exception {
        Path file = write(slack(sealed) + "hooks:\n  notifyToken: " + sealed + "\n");

        assertThat(loader().sealedValues(file)).containsExactly(Map.entry("slack.botToken", sealed),
                Map.entry("hooks.notifyToken", sealed));
    }

    @Test
    void the_key_provider_of_a_file_is_the_one_its_secrets_section_names() throws Exception {
        Path keyFile = Files.writeString(dir.resolve("my.key"), Base64.getEncoder().encodeToString(keyBytes));

        KeyProvider provider = loader().keyProvider(write("secrets:\n  masterKeyFile: " + keyFile + "\n"));
        KeyProvider made = loader().keyProvider(write("dataDir: " + dir.resolve("fresh") + "\n"));

        assertThat(provider.keyId()).isEqualTo(key.keyId());
        assertThat(dir.resolve("fresh/master.key")).exists();
        assertThat(made.keyId()).isEqualTo(LocalKeyProvider.fromFile(dir.resolve("fresh/master.key")).keyId());
    }

    private List<String> errors(String yaml) {
        Path file = write(yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader().load(file));
        assertThat(e).as("a ConfigException").isNotNull();
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    private Path file() {
        return dir.resolve("slipway.yaml");
    }

    private Path write(String yaml) {
        try {
            return Files.writeString(file(), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void an_enc_value_sealed_under_aws_kms_opens_through_kms() throws Exception {
        try (FakeKms kms = new FakeKms();
             AwsKmsKeyProvider provider = new AwsKmsKeyProvider(FakeKms.ALIAS, FakeKms.REGION, kms.endpoint(),
                     FakeKms.ACCESS_KEY_ID, FakeKms.SECRET_ACCESS_KEY)) {
            String underKms = new SecretBox(provider).seal(TOKEN, SealContext.CONFIG);
            environment.put("KMS_SECRET", FakeKms.SECRET_ACCESS_KEY);

            SlipwayConfig config = loader().load(write("""
                    secrets:
                      provider: aws-kms
                      kms:
                        keyId: %s
                        region: %s
                        endpointOverride: %s
                        accessKeyId: %s
                        secretAccessKey: ${KMS_SECRET}
                    """.formatted(FakeKms.ALIAS, FakeKms.REGION, kms.endpoint(), FakeKms.ACCESS_KEY_ID)
                    + slack(underKms)));

            assertThat(config.slack().botToken()).isEqualTo(TOKEN);
            assertThat(config.secrets().kms().keyId()).isEqualTo(FakeKms.ALIAS);
            assertThat(kms.requests()).extracting(FakeKms.Request::target)
                    .containsExactly("TrentService.GenerateDataKey", "TrentService.Decrypt");
        }
    }
}

