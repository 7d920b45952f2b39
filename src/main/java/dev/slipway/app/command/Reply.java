package dev.slipway.app.command;

import dev.slipway.domain.ErrorCode;
import java.util.Optional;

/**
 * What Slipway answers to a command. {@code refusal} is set when it was refused; {@code deploymentId} when
 * it queued a deployment (surfaces follow it); {@code duplicate} when the same request was handled before.
 */
public record Reply(String text, Optional<ErrorCode> refusal, Optional<Long> deploymentId, boolean duplicate) {
    public static Reply ok(String text) {
        return new Reply(text, Optional.empty(), Optional.empty(), false);
    }

    public static Reply refused(ErrorCode code, String text) {
        return new Reply(text, Optional.of(code), Optional.empty(), false);
    }

    public static Reply deploying(long deploymentId, String text) {
        return new Reply(text, Optional.empty(), Optional.of(deploymentId), false);
    }

    /** The request was handled before (a retry); whatever it caused already reports itself. */
    public static Reply alreadyReceived() {
        return new Reply("Already on it: that request was received before.", Optional.empty(), Optional.empty(), true);
    }

    public boolean isRefusal() {
        return refusal.isPresent();
    }
}
