package dev.slipway.config;

/**
 * Where the master key of secrets at rest is kept ({@code secrets:}). Values of this section cannot themselves be
 * {@code enc:} values: they say how to open those.
 *
 * @param provider      {@code local} (the default): a 32-byte key from {@code SLIPWAY_MASTER_KEY}, else
 *                      {@code masterKeyFile}, else {@code <dataDir>/master.key}, made on first use; or {@code aws-kms}
 * @param masterKeyFile a file holding the local master key as base64 text
 * @param kms           the AWS KMS key, for {@code aws-kms}
 */
public record SecretsConfig(String provider, String masterKeyFile, KmsConfig kms) {
    public static final String LOCAL = "local";
    public static final String AWS_KMS = "aws-kms";
}
