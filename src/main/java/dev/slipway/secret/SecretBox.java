package dev.slipway.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals single values with envelope encryption: each value gets a fresh random 256-bit data key, which encrypts it
 * with AES-256-GCM and is stored beside it wrapped by the provider's master key. A sealed value is one line of text,
 * self-contained:
 *
 * <pre>enc:v1:&lt;provider key id&gt;:&lt;key version&gt;:&lt;base64url wrapped data key&gt;:&lt;base64url nonce + ciphertext + tag&gt;</pre>
 *
 * <p>The associated data is the format ({@code enc:v1}) and the {@link SealContext}, so a value copied to another
 * row or column does not open. It does not hold the provider's key id: {@link #rewrap} moves a value to another
 * master key by re-wrapping only its data key, leaving the ciphertext as it was; a changed key id fails anyway, as
 * the data key then does not unwrap.
 *
 * <p>A data key per value, rather than one per process: no key ever encrypts more than one value, so a value can be
 * re-wrapped or removed alone and GCM's nonce limits never come near; the cost is one provider call per seal, and
 * Slipway seals seldom (a runbook run's arguments, an installation's tokens). Opening is frequent, so unwrapped data
 * keys are kept in a small LRU map by wrapped bytes and a value seen before opens without calling the provider.
 */
public final class SecretBox {
    static final String PREFIX = "enc:v1:";
    private static final String FORMAT = "enc:v1";
    private static final int CACHED_KEYS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNBASE64 = Base64.getUrlDecoder();

    private final KeyProvider provider;
    private final Map<String, byte[]> dataKeys = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHED_KEYS;
        }
    };

    public SecretBox(KeyProvider provider) {
        this.provider = provider;
    }

    /** A box over {@link LocalKeyProvider#forThisProcess()}: for stores whose secrets need not outlive the process. */
    public static SecretBox forThisProcess() {
        return new SecretBox(LocalKeyProvider.forThisProcess());
    }

    public KeyProvider provider() {
        return provider;
    }

    /** Whether {@code value} is a sealed value (starts with {@code enc:v1:}); null is not. */
    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** {@code plaintext} sealed for {@code context}, under a new data key wrapped by this box's provider. */
    public String seal(String plaintext, SealContext context) {
        DataKey dataKey = provider.generateDataKey();
        byte[] key = dataKey.plaintext();
        byte[] wrapped = dataKey.wrapped();
        remember(provider.keyId(), wrapped, key);
        byte[] nonce = new byte[Aead.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] ciphertext = Aead.cipher(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), nonce, aad(context))
                    .doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return format(new Sealed(provider.keyId(), provider.keyVersion(), wrapped, Aead.concat(nonce, ciphertext)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * The plaintext of {@code sealed}, which must have been sealed for {@code context}.
     *
     * @throws SecretException naming the context: not a sealed value, wrapped by another master key, or changed
     *                         (or sealed for another place)
     */
    public String open(String sealed, SealContext context) {
        Sealed parts = parse(sealed, context);
        byte[] key = dataKey(parts, context);
        byte[] payload = parts.payload();
        if (payload.length <= Aead.NONCE_BYTES) {
            throw SecretException.cannotDecrypt(context, "the value was changed or belongs elsewhere");
        }
        try {
            byte[] plaintext = Aead.cipher(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                            Arrays.copyOf(payload, Aead.NONCE_BYTES), aad(context))
                    .doFinal(payload, Aead.NONCE_BYTES, payload.length - Aead.NONCE_BYTES);
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw SecretException.cannotDecrypt(context, "the value was changed or belongs elsewhere");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * {@code sealed}, whose data key {@code from} wrapped, with that data key wrapped by this box's provider instead;
     * the ciphertext stays as it was and the plaintext is never decrypted. A value already under this box's key is
     * returned as it is.
     *
     * @throws SecretException when {@code sealed} is not a sealed value or {@code from} cannot unwrap its data key
     */
    public String rewrap(String sealed, KeyProvider from) {
        Sealed parts = parse(sealed, null);
        if (parts.keyId().equals(provider.keyId()) && parts.keyVersion() == provider.keyVersion()) {
            return sealed;
        }
        byte[] key;
        try {
            key = from.unwrap(parts.keyId(), parts.keyVersion(), parts.wrapped());
        } catch (SecretException e) {
            throw new SecretException("cannot re-wrap: " + e.reason(), e);
        }
        try {
            byte[] wrapped = provider.wrap(key);
            return format(new Sealed(provider.keyId(), provider.keyVersion(), wrapped, parts.payload()));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The key id a sealed value names, read without unwrapping anything. */
    public static String keyIdOf(String sealed) {
        return parse(sealed, null).keyId();
    }

    /** Whether this box's provider holds the master key {@code sealed} is wrapped by (without unwrapping it). */
    public boolean holdsKeyOf(String sealed) {
        Sealed parts = parse(sealed, null);
        return parts.keyId().equals(provider.keyId()) && parts.keyVersion() == provider.keyVersion();
    }

    private byte[] dataKey(Sealed parts, SealContext context) {
        byte[] cached = cached(parts.keyId(), parts.wrapped());
        if (cached != null) {
            return cached;
        }
        if (!parts.keyId().equals(provider.keyId()) || parts.keyVersion() != provider.keyVersion()) {
            throw SecretException.cannotDecrypt(context, "wrapped by key " + parts.keyId() + " v" + parts.keyVersion()
                    + ", which is not the master key given (" + provider.describe() + ")");
        }
        byte[] key;
        try {
            key = provider.unwrap(parts.keyId(), parts.keyVersion(), parts.wrapped());
        } catch (SecretException e) {
            throw SecretException.cannotDecrypt(context, e.reason());
        }
        remember(parts.keyId(), parts.wrapped(), key);
        return key;
    }

    private byte[] cached(String keyId, byte[] wrapped) {
        synchronized (dataKeys) {
            byte[] key = dataKeys.get(cacheKey(keyId, wrapped));
            return key == null ? null : key.clone();
        }
    }

    private void remember(String keyId, byte[] wrapped, byte[] key) {
        synchronized (dataKeys) {
            dataKeys.put(cacheKey(keyId, wrapped), key.clone());
        }
    }

    private static String cacheKey(String keyId, byte[] wrapped) {
        return keyId + ":" + BASE64.encodeToString(wrapped);
    }

    private static byte[] aad(SealContext context) {
        return (FORMAT + "\n" + context).getBytes(StandardCharsets.UTF_8);
    }

    private static String format(Sealed parts) {
        return PREFIX + parts.keyId() + ":" + parts.keyVersion() + ":" + BASE64.encodeToString(parts.wrapped()) + ":"
                + BASE64.encodeToString(parts.payload());
    }

    /** The parts of a sealed value; the key id may itself hold colons (an ARN), so it is read from both ends. */
    private static Sealed parse(String sealed, SealContext context) {
        String problem = "not a sealed value (expected enc:v1:KEY:VERSION:WRAPPED-KEY:CIPHERTEXT)";
        if (!isSealed(sealed)) {
            throw failure(context, problem);
        }
        String rest = sealed.strip().substring(PREFIX.length());
        int payloadAt = rest.lastIndexOf(':');
        int wrappedAt = payloadAt < 0 ? -1 : rest.lastIndexOf(':', payloadAt - 1);
        int versionAt = wrappedAt < 0 ? -1 : rest.lastIndexOf(':', wrappedAt - 1);
        if (versionAt <= 0) {
            throw failure(context, problem);
        }
        try {
            return new Sealed(rest.substring(0, versionAt), Integer.parseInt(rest.substring(versionAt + 1, wrappedAt)),
                    UNBASE64.decode(rest.substring(wrappedAt + 1, payloadAt)), UNBASE64.decode(rest.substring(payloadAt + 1)));
        } catch (IllegalArgumentException e) {
            throw failure(context, problem);
        }
    }

    private static SecretException failure(SealContext context, String reason) {
        return context == null ? new SecretException(reason) : SecretException.cannotDecrypt(context, reason);
    }

    private record Sealed(String keyId, int keyVersion, byte[] wrapped, byte[] payload) {
    }
}
