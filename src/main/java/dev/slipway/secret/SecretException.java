package dev.slipway.secret;

/**
 * A secret that cannot be sealed or opened, or a master key that cannot be had. The message is one line meant for
 * an operator; it names where the value belongs and the keys involved, never a plaintext or key bytes.
 */
public class SecretException extends RuntimeException {
    private final String reason;

    /** {@code message} is the whole line; {@link #reason()} is the same. */
    public SecretException(String message) {
        this(message, message, null);
    }

    public SecretException(String message, Throwable cause) {
        this(message, message, cause);
    }

    private SecretException(String message, String reason, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** A failure to open the value at {@code context}: "cannot decrypt CONTEXT: REASON". */
    static SecretException cannotDecrypt(SealContext context, String reason) {
        return new SecretException("cannot decrypt " + context + ": " + reason, reason, null);
    }

    /** Why, without the context: for a caller that names the place its own way (a config file's key path). */
    public String reason() {
        return reason;
    }
}
