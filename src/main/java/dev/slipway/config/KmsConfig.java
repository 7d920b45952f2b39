package dev.slipway.config;

/**
 * The AWS KMS key secrets are wrapped by ({@code secrets.kms:}).
 *
 * @param keyId            the key's id, ARN or {@code alias/...}
 * @param region           the key's AWS region
 * @param endpointOverride another endpoint than AWS's; optional
 * @param accessKeyId      with {@code secretAccessKey}, the credentials; without them, the AWS SDK's default chain
 *                         (environment, profile, instance role)
 */
public record KmsConfig(String keyId, String region, String endpointOverride, String accessKeyId,
                        String secretAccessKey) {
}
