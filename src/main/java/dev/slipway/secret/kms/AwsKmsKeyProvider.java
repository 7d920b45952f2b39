package dev.slipway.secret.kms;

import dev.slipway.secret.DataKey;
import dev.slipway.secret.KeyProvider;
import dev.slipway.secret.SecretException;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The master key is a symmetric key in AWS KMS, which never hands it out: data keys come from
 * {@code GenerateDataKey} (AES_256) and are unwrapped by {@code Decrypt}; {@link #wrap} uses {@code Encrypt}. KMS
 * rotates key material inside the key and keeps the old material for Decrypt, so the version is always 1. The key
 * id is {@code aws-kms:} and the key's id, ARN or alias as configured. Credentials come from the SDK's default chain
 * (environment, system properties, profile, instance role) unless an access key is given. The SDK retries
 * throttling and server errors itself.
 */
public final class AwsKmsKeyProvider implements KeyProvider, AutoCloseable {
    private static final String PREFIX = "aws-kms:";
    private static final int VERSION = 1;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final String kmsKeyId;
    private final KmsClient client;

    /**
     * @param keyId            the KMS key: its id, ARN or {@code alias/...}
     * @param region           the AWS region, like {@code eu-west-1}
     * @param endpointOverride another endpoint than AWS's (a VPC endpoint, a test server), or null
     * @param accessKeyId      with {@code secretAccessKey}, static credentials; null for the SDK's default chain
     */
    public AwsKmsKeyProvider(String keyId, String region, URI endpointOverride, String accessKeyId,
                             String secretAccessKey) {
        this.kmsKeyId = keyId;
        KmsClientBuilder builder = KmsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region))
                .credentialsProvider(credentials(accessKeyId, secretAccessKey))
                .overrideConfiguration(c -> c.apiCallTimeout(CALL_TIMEOUT));
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        this.client = builder.build();
    }

    private static AwsCredentialsProvider credentials(String accessKeyId, String secretAccessKey) {
        if (accessKeyId != null && secretAccessKey != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public String keyId() {
        return PREFIX + kmsKeyId;
    }

    @Override
    public int keyVersion() {
        return VERSION;
    }

    @Override
    public DataKey generateDataKey() {
        try {
            GenerateDataKeyResponse response = client.generateDataKey(r -> r.keyId(kmsKeyId).keySpec(DataKeySpec.AES_256));
            return new DataKey(response.plaintext().asByteArray(), response.ciphertextBlob().asByteArray());
        } catch (SdkException e) {
            throw failure("cannot make a data key with " + keyId(), e);
        }
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        try {
            return client.encrypt(r -> r.keyId(kmsKeyId).plaintext(SdkBytes.fromByteArray(dataKey)))
                    .ciphertextBlob().asByteArray();
        } catch (SdkException e) {
            throw failure("cannot wrap a data key with " + keyId(), e);
        }
    }

    @Override
    public byte[] unwrap(String keyId, int version, byte[] wrapped) {
        if (!keyId().equals(keyId) || version != VERSION) {
            throw new SecretException("wrapped by key " + keyId + " v" + version
                    + ", which is not the master key given (" + describe() + ")");
        }
        try {
            DecryptResponse response = client.decrypt(r -> r.keyId(kmsKeyId)
                    .ciphertextBlob(SdkBytes.fromByteArray(wrapped)));
            return response.plaintext().asByteArray();
        } catch (InvalidCiphertextException e) {
            throw new SecretException("the wrapped data key does not open under " + keyId() + ": the value was changed");
        } catch (SdkException e) {
            throw failure("cannot unwrap a data key with " + keyId(), e);
        }
    }

    /** One line: what failed and KMS's error code and message, never a request's body. */
    private static SecretException failure(String what, SdkException e) {
        String why = e instanceof KmsException kms && kms.awsErrorDetails() != null
                ? kms.awsErrorDetails().errorCode() + ": " + kms.awsErrorDetails().errorMessage()
                : String.valueOf(e.getMessage());
        return new SecretException(what + ": " + why.lines().findFirst().orElse(""), e);
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "AwsKmsKeyProvider[" + keyId() + "]";
    }
}
