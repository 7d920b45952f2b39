package dev.slipway.config;

import dev.slipway.secret.KeyProvider;
import dev.slipway.secret.LocalKeyProvider;
import dev.slipway.secret.SecretException;
import dev.slipway.secret.kms.AwsKmsKeyProvider;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The {@link KeyProvider} a {@code secrets:} section names. For {@code local}, the master key is read from the
 * environment variable {@value #MASTER_KEY_VARIABLE} (base64 of 32 bytes), else from {@code masterKeyFile}, else from
 * {@code <dataDir>/master.key}.
 */
public final class KeyProviders {
    public static final String MASTER_KEY_VARIABLE = "SLIPWAY_MASTER_KEY";
    public static final String DEFAULT_KEY_FILE = "master.key";

    private KeyProviders() {
    }

    /**
     * The provider, making {@code <dataDir>/master.key} (owner-only, logged) when the local key is found nowhere, so
     * a first start needs no setup.
     *
     * @throws SecretException with one line naming where a key that is not 32 bytes of base64 came from
     */
    public static KeyProvider open(SecretsConfig secrets, Function<String, String> environment, Path dataDir) {
        return open(secrets, environment, dataDir, true);
    }

    /**
     * As {@link #open(SecretsConfig, Function, Path)}, but a local key found nowhere is an error rather than made:
     * for opening values sealed before, which a new key could not open.
     */
    public static KeyProvider openExisting(SecretsConfig secrets, Function<String, String> environment, Path dataDir) {
        return open(secrets, environment, dataDir, false);
    }

    private static KeyProvider open(SecretsConfig given, Function<String, String> environment, Path dataDir,
                                    boolean create) {
        SecretsConfig secrets = ConfigDefaults.secrets(given);
        if (SecretsConfig.AWS_KMS.equals(secrets.provider())) {
            KmsConfig kms = secrets.kms();
            if (kms == null || kms.keyId() == null || kms.region() == null) {
                throw new SecretException("secrets.provider aws-kms needs secrets.kms.keyId and secrets.kms.region");
            }
            return new AwsKmsKeyProvider(kms.keyId(), kms.region(),
                    kms.endpointOverride() == null ? null : URI.create(kms.endpointOverride()),
                    kms.accessKeyId(), kms.secretAccessKey());
        }
        if (!SecretsConfig.LOCAL.equals(secrets.provider())) {
            throw new SecretException("unknown secrets.provider " + secrets.provider() + " (expected local or aws-kms)");
        }
        String fromEnvironment = environment.apply(MASTER_KEY_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return LocalKeyProvider.fromBase64(fromEnvironment, MASTER_KEY_VARIABLE);
        }
        if (secrets.masterKeyFile() != null) {
            return LocalKeyProvider.fromFile(Path.of(secrets.masterKeyFile()));
        }
        Path file = dataDir.resolve(DEFAULT_KEY_FILE);
        if (create) {
            return LocalKeyProvider.fromFileCreatingIt(file);
        }
        if (!Files.exists(file)) {
            throw new SecretException("no master key: set " + MASTER_KEY_VARIABLE + ", or secrets.masterKeyFile, or put"
                    + " the key in " + file);
        }
        return LocalKeyProvider.fromFile(file);
    }
}
