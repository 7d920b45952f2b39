package dev.slipway.domain;

/**
 * Thrown by use cases when a request is refused; surfaces show {@link #refusal()} to the user. An answer, not a
 * failure: it carries no stack trace, which would be captured for every refused request and never read.
 */
public class RefusedException extends RuntimeException {
    private final transient Refusal refusal;

    public RefusedException(Refusal refusal) {
        super(refusal.code() + ": " + refusal.message(), null, false, false);
        this.refusal = refusal;
    }

    public RefusedException(ErrorCode code, String message) {
        this(new Refusal(code, message));
    }

    public Refusal refusal() {
        return refusal;
    }
}
