package dev.slipway.secret;

/**
 * Holds a master key and wraps data keys with it; the master key itself never leaves the provider.
 *
 * <p>Contract (see {@code KeyProviderContract}): {@link #generateDataKey()} returns a new random 256-bit key each
 * time together with its wrapped form; {@link #wrap} wraps a given key; {@link #unwrap} given this provider's own {@link #keyId()} and
 * {@link #keyVersion()} and a wrapped key it made returns that key's plaintext; given another key id, or wrapped
 * bytes it did not make (changed, or made under another master key), it throws {@link SecretException} with a
 * one-line message that holds no key bytes.
 */
public interface KeyProvider {
    /** Names the master key, like {@code local:ab12cd34} or {@code aws-kms:alias/slipway}; stored in every value. */
    String keyId();

    /** The version of the master key under {@link #keyId()}; stored in every value. */
    int keyVersion();

    DataKey generateDataKey();

    /** {@code dataKey}, an existing key, wrapped by this provider's master key: how a value moves to a new key. */
    byte[] wrap(byte[] dataKey);

    byte[] unwrap(String keyId, int version, byte[] wrapped);

    /** The key and where it came from, for messages to an operator: {@code local:ab12cd34 (SLIPWAY_MASTER_KEY)}. */
    default String describe() {
        return keyId();
    }
}
