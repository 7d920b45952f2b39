package dev.slipway.secret;

/**
 * A fresh data key: its plaintext, which encrypts one value and is never stored, and the same key wrapped by the
 * provider's master key, which is stored beside the value.
 */
public record DataKey(byte[] plaintext, byte[] wrapped) {
    public DataKey {
        plaintext = plaintext.clone();
        wrapped = wrapped.clone();
    }

    @Override
    public byte[] plaintext() {
        return plaintext.clone();
    }

    @Override
    public byte[] wrapped() {
        return wrapped.clone();
    }

    /** Never the key bytes. */
    @Override
    public String toString() {
        return "DataKey[" + plaintext.length * 8 + " bits]";
    }
}
