package dev.slipway.secret.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.secret.KeyProvider;
import dev.slipway.secret.KeyProviderContract;
import dev.slipway.secret.SealContext;
import dev.slipway.secret.SecretBox;
import dev.slipway.secret.SecretException;
import dev.slipway.testing.FakeKms;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AwsKmsKeyProviderTest extends KeyProviderContract {
    private final FakeKms kms = new FakeKms();
    private final List<AwsKmsKeyProvider> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(AwsKmsKeyProvider::close);
        kms.close();
    }

    private AwsKmsKeyProvider provider(String keyId) {
        AwsKmsKeyProvider provider = new AwsKmsKeyProvider(keyId, FakeKms.REGION, kms.endpoint(),
                FakeKms.ACCESS_KEY_ID, FakeKms.SECRET_ACCESS_KEY);
        opened.add(provider);
        return provider;
    }

    @Override
    protected KeyProvider provider() {
        return provider(FakeKms.ALIAS);
    }

    @Override
    protected KeyProvider otherProvider() {
        return provider(kms.createKey("alias/other"));
    }

    @Test
    void asks_kms_for_an_aes_256_data_key_and_decrypts_with_the_key_id_signed() {
        KeyProvider provider = provider();

        byte[] wrapped = provider.generateDataKey().wrapped();
        provider.unwrap(provider.keyId(), 1, wrapped);

        assertThat(provider.keyId()).isEqualTo("aws-kms:" + FakeKms.ALIAS);
        assertThat(kms.requests()).extracting(FakeKms.Request::target)
                .containsExactly("TrentService.GenerateDataKey", "TrentService.Decrypt");
        assertThat(kms.requests()).allSatisfy(request -> {
            assertThat(request.keyId()).isEqualTo(FakeKms.ALIAS);
            assertThat(request.signed()).isTrue();
            assertThat(request.contentType()).startsWith("application/x-amz-json-1.1");
        });
        assertThat(kms.requests().get(0).body().path("KeySpec").asText()).isEqualTo("AES_256");
    }

    @Test
    void a_throttled_call_is_retried_by_the_sdk() {
        KeyProvider provider = provider();
        kms.throttleNext(1);

        byte[] key = provider.generateDataKey().plaintext();

        assertThat(key).hasSize(32);
        assertThat(kms.requests()).extracting(FakeKms.Request::target)
                .containsExactly("TrentService.GenerateDataKey", "TrentService.GenerateDataKey");
    }

    @Test
    void an_unknown_key_is_one_line_with_kms_error() {
        KeyProvider provider = provider("alias/missing");

        assertThatThrownBy(provider::generateDataKey)
                .isInstanceOf(SecretException.class)
                .hasMessageStartingWith("cannot make a data key with aws-kms:alias/missing: NotFoundException")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("\\R"));
    }

    @Test
    void a_secret_box_seals_and_opens_through_kms_calling_it_once_per_data_key() {
        SecretBox box = new SecretBox(provider());
        SealContext context = new SealContext("deployments", "7", "run_arguments");

        String sealed = box.seal("{\"password\":\"hunter2\"}", context);
        SecretBox restarted = new SecretBox(provider());
        restarted.open(sealed, context);
        restarted.open(sealed, context);

        assertThat(sealed).startsWith("enc:v1:aws-kms:alias/slipway:1:").doesNotContain("hunter2");
        assertThat(restarted.open(sealed, context)).isEqualTo("{\"password\":\"hunter2\"}");
        assertThat(kms.requests()).extracting(FakeKms.Request::target)
                .containsExactly("TrentService.GenerateDataKey", "TrentService.Decrypt");
    }
}
