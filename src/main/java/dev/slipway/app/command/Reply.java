package dev.slipway.app.command;

import dev.slipway.domain.ErrorCode;
import java.util.Optional;

/**
 * What Slipway answers to a command. {@code refusal} is set when it was refused; {@code deploymentId} when
 * it queued a deployment (surfaces follow it).
 */
public record Reply(String text, Optional<ErrorCode> refusal, Optional<Long> deploymentId) {
    public static Reply ok(String text) {
        return new Reply(text, Optional.empty(), Optional.empty());
    }

    public static Reply refused(ErrorCode code, String text) {
        return new Reply(text, Optional.of(code), Optional.empty());
    }

    public static Reply deploying(long deploymentId, String text) {
        return new Reply(text, Optional.empty(), Optional.of(deploymentId));
    }

    public boolean isRefusal() {
        return refusal.isPresent();
    }
}
