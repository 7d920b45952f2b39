package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake speaks KMS's wire format as the SDK expects it, errors included. */
class FakeKmsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeKms kms = new FakeKms();

    @AfterEach
    void close() {
        kms.close();
    }

    private HttpResponse<String> call(String operation, String body) {
        return LoopbackHttp.send(HttpRequest.newBuilder(kms.endpoint().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "TrentService." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void generates_a_data_key_whose_blob_decrypts_to_its_plaintext() throws Exception {
        JsonNode key = json(call("GenerateDataKey", "{\"KeyId\":\"alias/slipway\",\"KeySpec\":\"AES_256\"}"));

        JsonNode decrypted = json(call("Decrypt", "{\"CiphertextBlob\":\"" + key.get("CiphertextBlob").asText() + "\"}"));

        assertThat(Base64.getDecoder().decode(key.get("Plaintext").asText())).hasSize(32);
        assertThat(key.get("KeyId").asText()).isEqualTo(kms.keyArn);
        assertThat(decrypted.get("Plaintext").asText()).isEqualTo(key.get("Plaintext").asText());
        assertThat(decrypted.get("KeyId").asText()).isEqualTo(kms.keyArn);
    }

    @Test
    void encrypts_under_a_key_named_by_its_arn() throws Exception {
        String plaintext = Base64.getEncoder().encodeToString("abc".getBytes());
        JsonNode encrypted = json(call("Encrypt", "{\"KeyId\":\"" + kms.keyArn + "\",\"Plaintext\":\"" + plaintext + "\"}"));

        JsonNode decrypted = json(call("Decrypt", "{\"KeyId\":\"alias/slipway\",\"CiphertextBlob\":\""
                + encrypted.get("CiphertextBlob").asText() + "\"}"));

        assertThat(decrypted.get("Plaintext").asText()).isEqualTo(plaintext);
    }

    @Test
    void answers_kms_errors_as_400_with_their_type() throws Exception {
        HttpResponse<String> unknown = call("GenerateDataKey", "{\"KeyId\":\"alias/none\",\"KeySpec\":\"AES_256\"}");
        HttpResponse<String> garbage = call("Decrypt", "{\"CiphertextBlob\":\"" + Base64.getEncoder()
                .encodeToString(new byte[64]) + "\"}");
        String other = kms.createKey(null);
        JsonNode key = json(call("GenerateDataKey", "{\"KeyId\":\"alias/slipway\",\"NumberOfBytes\":32}"));
        HttpResponse<String> wrongKey = call("Decrypt", "{\"KeyId\":\"" + other + "\",\"CiphertextBlob\":\""
                + key.get("CiphertextBlob").asText() + "\"}");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).get("__type").asText()).isEqualTo("NotFoundException");
        assertThat(json(garbage).get("__type").asText()).isEqualTo("InvalidCiphertextException");
        assertThat(json(wrongKey).get("__type").asText()).isEqualTo("IncorrectKeyException");
    }

    @Test
    void a_changed_blob_does_not_decrypt() throws Exception {
        JsonNode key = json(call("GenerateDataKey", "{\"KeyId\":\"alias/slipway\",\"KeySpec\":\"AES_256\"}"));
        byte[] blob = Base64.getDecoder().decode(key.get("CiphertextBlob").asText());
        blob[blob.length - 1] ^= 1;

        HttpResponse<String> response = call("Decrypt", "{\"CiphertextBlob\":\""
                + Base64.getEncoder().encodeToString(blob) + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("__type").asText()).isEqualTo("InvalidCiphertextException");
    }

    @Test
    void throttles_the_next_calls_when_told_and_records_every_request() throws Exception {
        kms.throttleNext(1);

        HttpResponse<String> first = call("GenerateDataKey", "{\"KeyId\":\"alias/slipway\",\"KeySpec\":\"AES_256\"}");
        HttpResponse<String> second = call("GenerateDataKey", "{\"KeyId\":\"alias/slipway\",\"KeySpec\":\"AES_256\"}");

        assertThat(first.statusCode()).isEqualTo(400);
        assertThat(json(first).get("__type").asText()).isEqualTo("ThrottlingException");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(kms.requests()).hasSize(2).allSatisfy(request -> {
            assertThat(request.target()).isEqualTo("TrentService.GenerateDataKey");
            assertThat(request.keyId()).isEqualTo("alias/slipway");
            assertThat(request.signed()).isFalse();
        });
    }

    @Test
    void refuses_another_content_type() throws Exception {
        HttpResponse<String> response = LoopbackHttp.send(HttpRequest.newBuilder(kms.endpoint().resolve("/"))
                .header("Content-Type", "application/json")
                .header("X-Amz-Target", "TrentService.GenerateDataKey")
                .POST(HttpRequest.BodyPublishers.ofString("{\"KeyId\":\"alias/slipway\",\"KeySpec\":\"AES_256\"}")));

        assertThat(json(response).get("__type").asText()).isEqualTo("ValidationException");
    }
}
