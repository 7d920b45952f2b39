package dev.slipway.backend.github;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads a GitHub App's private key. GitHub hands out PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}), which the JDK's
 * {@code KeyFactory} (and so hub4j's {@code JWTTokenProvider(String, String)}) does not read; the PKCS#1 DER is
 * wrapped in a PKCS#8 PrivateKeyInfo, which it does.
 */
final class GitHubKeys {
    private static final String PKCS1 = "RSA PRIVATE KEY";
    private static final String PKCS8 = "PRIVATE KEY";
    /** AlgorithmIdentifier SEQUENCE { OID 1.2.840.113549.1.1.1 (rsaEncryption), NULL }. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private GitHubKeys() {
    }

    /** The key of a PKCS#1 or PKCS#8 PEM; IllegalArgumentException, never quoting the key, when it is neither. */
    static PrivateKey privateKey(String pem) {
        // A key pasted into an environment variable often arrives with literal \n for its line breaks.
        String text = pem.replace("\\n", "\n").strip();
        byte[] der;
        if (text.startsWith("-----BEGIN " + PKCS1 + "-----")) {
            der = pkcs8(decode(text, PKCS1));
        } else if (text.startsWith("-----BEGIN " + PKCS8 + "-----")) {
            der = decode(text, PKCS8);
        } else {
            throw new IllegalArgumentException("privateKey is not a PEM private key: it must start with "
                    + "-----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("privateKey is not a readable RSA private key");
        }
    }

    /** PrivateKeyInfo SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING pkcs1 } (RFC 5208). */
    static byte[] pkcs8(byte[] pkcs1) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(new byte[] {0x02, 0x01, 0x00});
        content.writeBytes(RSA_ALGORITHM);
        content.writeBytes(tlv(0x04, pkcs1));
        return tlv(0x30, content.toByteArray());
    }

    private static byte[] decode(String pem, String label) {
        int end = pem.indexOf("-----END " + label + "-----");
        if (end < 0) {
            throw new IllegalArgumentException("privateKey has no -----END " + label + "----- line");
        }
        String body = pem.substring(("-----BEGIN " + label + "-----").length(), end).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("privateKey is not valid base64 between its PEM lines");
        }
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
