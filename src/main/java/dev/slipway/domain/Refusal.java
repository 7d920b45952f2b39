package dev.slipway.domain;

import java.util.Objects;

/** Why Slipway will not do what was asked: a stable code and a sentence a user understands. */
public record Refusal(ErrorCode code, String message) {
    public Refusal {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
