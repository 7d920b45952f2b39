package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The providers' recorded requests under {@code src/test/resources/fixtures} (copied byte for byte from the
 * shared fixtures), and the headers {@code signing-vectors.json} gives each inbound one.
 */
public final class Fixtures {
    private static final JsonNode VECTORS = json("signing-vectors.json");

    private Fixtures() {
    }

    /** A fixture's exact bytes: an inbound one is the HTTP body its signature covers. */
    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    public static JsonNode json(String name) {
        try {
            return new ObjectMapper().readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The headers the provider sends with fixture {@code name}, signed with the secret the vectors name. */
    public static Map<String, String> signedHeaders(String name) {
        Map<String, String> headers = new HashMap<>();
        VECTORS.path("fixtures").path(name).path("headers").properties()
                .forEach(header -> headers.put(header.getKey(), header.getValue().asText()));
        return headers;
    }

    /** The secret fixture {@code name} is signed with. */
    public static String secretOf(String name) {
        return VECTORS.path("fixtures").path(name).path("secret").asText();
    }

    /** The whole signing-vectors document: negative cases and the vendors' published vectors. */
    public static JsonNode vectors() {
        return VECTORS;
    }
}
