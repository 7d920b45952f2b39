package dev.slipway.domain;

/** Thrown by use cases when a request is refused; surfaces show {@link #refusal()} to the user. */
public class RefusedException extends RuntimeException {
    private final transient Refusal refusal;

    public RefusedException(Refusal refusal) {
        super(refusal.code() + ": " + refusal.message());
        this.refusal = refusal;
    }

    public RefusedException(ErrorCode code, String message) {
        this(new Refusal(code, message));
    }

    public Refusal refusal() {
        return refusal;
    }
}
