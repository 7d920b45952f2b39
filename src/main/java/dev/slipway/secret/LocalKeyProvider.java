package dev.slipway.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 32-byte master key held in this process, from the environment or a file. Its key id is {@code local:} and the
 * first 8 hex digits of the key's SHA-256, so a value tells which key it needs without telling the key. Data keys
 * are wrapped with AES-256-GCM under the master key (a 12-byte nonce, then the wrapped key and its tag), with the
 * key id as associated data.
 */
public final class LocalKeyProvider implements KeyProvider {
    private static final Logger log = LoggerFactory.getLogger(LocalKeyProvider.class);
    static final int KEY_BYTES = 32;
    private static final int VERSION = 1;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static volatile LocalKeyProvider processKey;

    private final SecretKeySpec key;
    private final String keyId;
    private final String source;

    /**
     * @param key    the master key, 32 bytes
     * @param source where it came from, for messages ({@code SLIPWAY_MASTER_KEY}, a file's path)
     */
    public LocalKeyProvider(byte[] key, String source) {
        if (key.length != KEY_BYTES) {
            throw new SecretException("the master key from " + source + " is " + key.length
                    + " bytes; it must be " + KEY_BYTES + " bytes, written in base64");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.keyId = "local:" + HexFormat.of().formatHex(sha256(key), 0, 4);
        this.source = source;
    }

    /** The key written as base64 text (surrounding blanks ignored), as in {@code SLIPWAY_MASTER_KEY}. */
    public static LocalKeyProvider fromBase64(String text, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new SecretException("the master key from " + source + " is not base64 of " + KEY_BYTES
                    + " bytes (make one with: head -c 32 /dev/urandom | base64)");
        }
        return new LocalKeyProvider(key, source);
    }

    /** The key in {@code file}, as base64 text. */
    public static LocalKeyProvider fromFile(Path file) {
        try {
            return fromBase64(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
        } catch (NoSuchFileException e) {
            throw new SecretException("the master key file " + file + " does not exist");
        } catch (IOException e) {
            throw new SecretException("cannot read the master key file " + file + ": " + e.getMessage());
        }
    }

    /**
     * The key in {@code file}, made first if the file does not exist: 32 random bytes, readable by the owner only, so
     * a first start needs no setup. Its creation is logged once, as the file must then be backed up.
     */
    public static LocalKeyProvider fromFileCreatingIt(Path file) {
        if (!Files.exists(file)) {
            create(file);
        }
        return fromFile(file);
    }

    /**
     * Writes the key whole under a temporary name, then links it in under {@code file}, which fails if the file exists:
     * a replica starting at the same moment either makes the key or reads the other's, never a file half written.
     */
    private static void create(Path file) {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        String text = Base64.getEncoder().encodeToString(key) + "\n";
        Path directory = file.toAbsolutePath().getParent();
        Path written = null;
        try {
            Files.createDirectories(directory);
            try {
                written = Files.createTempFile(directory, ".master-key-", ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException notPosix) {
                written = Files.createTempFile(directory, ".master-key-", ".tmp");
            }
            Files.writeString(written, text, StandardCharsets.US_ASCII);
            try {
                Files.createLink(file, written);
            } catch (UnsupportedOperationException noLinks) {
                Files.move(written, file);
            }
        } catch (FileAlreadyExistsException e) {
            return; // another process made it first: use theirs
        } catch (IOException e) {
            throw new SecretException("cannot create the master key file " + file + ": " + e.getMessage());
        } finally {
            deleteQuietly(written);
        }
        log.info("created a new master key in {} (owner-only); back it up: without it, the secrets Slipway stores"
                + " cannot be read", file);
    }

    private static void deleteQuietly(Path written) {
        if (written != null) {
            try {
                Files.deleteIfExists(written);
            } catch (IOException ignored) {
                // A leftover temporary file holds a key nobody uses; the next start does not read it.
            }
        }
    }

    /**
     * A random key that lives as long as this process, the same for every caller: for stores of tests and tools
     * that keep nothing secret beyond the process.
     */
    public static LocalKeyProvider forThisProcess() {
        LocalKeyProvider key = processKey;
        if (key == null) {
            synchronized (LocalKeyProvider.class) {
                if (processKey == null) {
                    processKey = random("a random key of this process");
                }
                key = processKey;
            }
        }
        return key;
    }

    /** A new random key, never written anywhere. */
    public static LocalKeyProvider random(String source) {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return new LocalKeyProvider(key, source);
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public int keyVersion() {
        return VERSION;
    }

    @Override
    public String describe() {
        return keyId + " from " + source;
    }

    @Override
    public DataKey generateDataKey() {
        byte[] plaintext = new byte[KEY_BYTES];
        RANDOM.nextBytes(plaintext);
        return new DataKey(plaintext, wrap(plaintext));
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        byte[] nonce = new byte[Aead.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            return Aead.concat(nonce, Aead.cipher(Cipher.ENCRYPT_MODE, key, nonce, aad()).doFinal(dataKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    @Override
    public byte[] unwrap(String keyId, int version, byte[] wrapped) {
        if (!this.keyId.equals(keyId) || version != VERSION) {
            throw new SecretException("wrapped by key " + keyId + " v" + version
                    + ", which is not the master key given (" + describe() + ")");
        }
        if (wrapped.length <= Aead.NONCE_BYTES) {
            throw new SecretException("the wrapped data key is too short: the value was changed");
        }
        try {
            return Aead.cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(wrapped, Aead.NONCE_BYTES), aad())
                    .doFinal(wrapped, Aead.NONCE_BYTES, wrapped.length - Aead.NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SecretException("the wrapped data key does not open under " + keyId + ": the value was changed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private byte[] aad() {
        return (keyId + ":" + VERSION).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "LocalKeyProvider[" + describe() + "]";
    }
}
