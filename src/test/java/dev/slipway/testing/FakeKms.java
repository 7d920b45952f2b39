package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS KMS on 127.0.0.1, speaking its JSON 1.1 protocol: {@code POST /} with
 * {@code Content-Type: application/x-amz-json-1.1} and {@code X-Amz-Target: TrentService.<Operation>}, blobs in
 * base64. It holds symmetric keys by ARN, each reachable by an alias too ({@link #ALIAS} for the first), and answers:
 * <ul>
 *   <li>{@code GenerateDataKey} ({@code KeyId}, {@code KeySpec: AES_256} or {@code NumberOfBytes}):
 *   {@code {CiphertextBlob, Plaintext, KeyId}} with the key's ARN;</li>
 *   <li>{@code Encrypt} ({@code KeyId}, {@code Plaintext}): {@code {CiphertextBlob, KeyId, EncryptionAlgorithm}};</li>
 *   <li>{@code Decrypt} ({@code CiphertextBlob}, optional {@code KeyId}): {@code {Plaintext, KeyId,
 *   EncryptionAlgorithm}}.</li>
 * </ul>
 * Errors are 400 with {@code {"__type": ..., "message": ...}}: {@code NotFoundException} for an unknown key,
 * {@code InvalidCiphertextException} for a blob it did not make or that was changed, {@code IncorrectKeyException}
 * for a blob of another key than the {@code KeyId} given, {@code ValidationException} for a request without its
 * fields or with another content type. A blob holds the key's id and AES-GCM of the plaintext, so it only opens
 * here. Every request is recorded ({@link #requests()}); {@link #throttleNext} answers the next calls with 400
 * {@code ThrottlingException}, as KMS does past its request quota.
 */
public final class FakeKms implements AutoCloseable {
    public static final String REGION = "eu-west-1";
    public static final String ACCOUNT = "111122223333";
    public static final String ALIAS = "alias/slipway";
    public static final String ACCESS_KEY_ID = "AKIAFAKEKMS000000001";
    public static final String SECRET_ACCESS_KEY = "fake-kms-secret-access-key";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final int ID_BYTES = 36;
    private static final int NONCE_BYTES = 12;

    /** One request as it arrived: the operation, its JSON body, and whether it carried a SigV4 signature. */
    public record Request(String target, JsonNode body, String contentType, boolean signed) {
        /** The {@code KeyId} field, or null. */
        public String keyId() {
            return body.hasNonNull("KeyId") ? body.get("KeyId").asText() : null;
        }
    }

    private final Map<String, byte[]> keys = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttled = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpServer server;
    /** The ARN of the first key, which {@link #ALIAS} names. */
    public final String keyArn;

    public FakeKms() {
        keyArn = createKey(ALIAS);
        server = LoopbackHttp.serve(this::handle, executor);
    }

    /** A new symmetric key, named also by {@code alias} when not null; its ARN. */
    public synchronized String createKey(String alias) {
        String id = UUID.randomUUID().toString();
        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        keys.put(id, material);
        if (alias != null) {
            aliases.put(alias, id);
        }
        return arn(id);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Answers the next {@code count} requests with 400 {@code ThrottlingException}. */
    public void throttleNext(int count) {
        throttled.set(count);
    }

    private static String arn(String id) {
        return "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + id;
    }

    /** The key id of a KeyId as a client writes it (id, ARN, alias or alias ARN), or null for none of this fake's. */
    private synchronized String resolve(String keyId) {
        if (keyId == null) {
            return null;
        }
        String[] arn = keyId.split(":", 6);
        String name = keyId.startsWith("arn:aws:kms:") && arn.length == 6 ? arn[5] : keyId;
        if (name.startsWith("key/")) {
            name = name.substring("key/".length());
        }
        if (name.startsWith("alias/")) {
            return aliases.get(name);
        }
        return keys.containsKey(name) ? name : null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            JsonNode body;
            try {
                body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
            } catch (IOException e) {
                body = JSON.createObjectNode();
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(new Request(target, body, contentType, authorization != null
                    && authorization.startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/")));
            if (throttled.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                error(exchange, "ThrottlingException", "Rate exceeded");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod()) || contentType == null
                    || !contentType.startsWith(CONTENT_TYPE)) {
                error(exchange, "ValidationException", "expected POST with Content-Type " + CONTENT_TYPE);
                return;
            }
            switch (target) {
                case "TrentService.GenerateDataKey" -> generateDataKey(exchange, body);
                case "TrentService.Encrypt" -> encrypt(exchange, body);
                case "TrentService.Decrypt" -> decrypt(exchange, body);
                default -> error(exchange, "UnknownOperationException", "unknown operation " + target);
            }
        }
    }

    private void generateDataKey(HttpExchange exchange, JsonNode body) throws IOException {
        String id = resolve(text(body, "KeyId"));
        if (id == null) {
            error(exchange, "NotFoundException", "Key '" + text(body, "KeyId") + "' does not exist");
            return;
        }
        int bytes = "AES_256".equals(text(body, "KeySpec")) ? 32 : "AES_128".equals(text(body, "KeySpec")) ? 16
                : body.path("NumberOfBytes").asInt(0);
        if (bytes <= 0) {
            error(exchange, "ValidationException", "give KeySpec or NumberOfBytes");
            return;
        }
        byte[] plaintext = new byte[bytes];
        RANDOM.nextBytes(plaintext);
        ObjectNode answer = JSON.createObjectNode()
                .put("CiphertextBlob", base64(seal(id, plaintext)))
                .put("Plaintext", base64(plaintext))
                .put("KeyId", arn(id));
        ok(exchange, answer);
    }

    private void encrypt(HttpExchange exchange, JsonNode body) throws IOException {
        String id = resolve(text(body, "KeyId"));
        if (id == null) {
            error(exchange, "NotFoundException", "Key '" + text(body, "KeyId") + "' does not exist");
            return;
        }
        if (text(body, "Plaintext") == null) {
            error(exchange, "ValidationException", "Plaintext is required");
            return;
        }
        ok(exchange, JSON.createObjectNode()
                .put("CiphertextBlob", base64(seal(id, Base64.getDecoder().decode(text(body, "Plaintext")))))
                .put("KeyId", arn(id))
                .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT"));
    }

    private void decrypt(HttpExchange exchange, JsonNode body) throws IOException {
        if (text(body, "CiphertextBlob") == null) {
            error(exchange, "ValidationException", "CiphertextBlob is required");
            return;
        }
        byte[] blob = Base64.getDecoder().decode(text(body, "CiphertextBlob"));
        String blobKey = blob.length > ID_BYTES + NONCE_BYTES
                ? new String(blob, 0, ID_BYTES, StandardCharsets.US_ASCII) : null;
        byte[] material;
        synchronized (this) {
            material = blobKey == null ? null : keys.get(blobKey);
        }
        if (material == null) {
            error(exchange, "InvalidCiphertextException", null);
            return;
        }
        if (text(body, "KeyId") != null) {
            String asked = resolve(text(body, "KeyId"));
            if (asked == null) {
                error(exchange, "NotFoundException", "Key '" + text(body, "KeyId") + "' does not exist");
                return;
            }
            if (!asked.equals(blobKey)) {
                error(exchange, "IncorrectKeyException",
                        "The key ID in the request does not identify a CMK that can perform this operation.");
                return;
            }
        }
        byte[] plaintext;
        try {
            plaintext = cipher(Cipher.DECRYPT_MODE, material, Arrays.copyOfRange(blob, ID_BYTES, ID_BYTES + NONCE_BYTES),
                    blobKey).doFinal(blob, ID_BYTES + NONCE_BYTES, blob.length - ID_BYTES - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            error(exchange, "InvalidCiphertextException", null);
            return;
        }
        ok(exchange, JSON.createObjectNode()
                .put("Plaintext", base64(plaintext))
                .put("KeyId", arn(blobKey))
                .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT"));
    }

    private byte[] seal(String id, byte[] plaintext) {
        byte[] material;
        synchronized (this) {
            material = keys.get(id);
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, material, nonce, id).doFinal(plaintext);
            byte[] blob = new byte[ID_BYTES + NONCE_BYTES + sealed.length];
            System.arraycopy(id.getBytes(StandardCharsets.US_ASCII), 0, blob, 0, ID_BYTES);
            System.arraycopy(nonce, 0, blob, ID_BYTES, NONCE_BYTES);
            System.arraycopy(sealed, 0, blob, ID_BYTES + NONCE_BYTES, sealed.length);
            return blob;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Cipher cipher(int mode, byte[] material, byte[] nonce, String id) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(material, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(id.getBytes(StandardCharsets.US_ASCII));
        return cipher;
    }

    private static String text(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static void ok(HttpExchange exchange, ObjectNode body) throws IOException {
        send(exchange, 200, body);
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("__type", type);
        if (message != null) {
            body.put("message", message);
        }
        send(exchange, 400, body);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
