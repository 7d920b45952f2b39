package dev.slipway.app.command;

import dev.slipway.chat.Choice;
import dev.slipway.domain.ErrorCode;
import java.util.List;
import java.util.Optional;

/**
 * What Slipway answers to a command. {@code refusal} is set when it was refused; {@code deploymentId} when
 * it queued a deployment (surfaces follow it); {@code duplicate} when the same request was handled before;
 * {@code choices} are buttons to show under the text (at most {@link Choice#MOST_PER_REPLY}).
 */
public record Reply(String text, Optional<ErrorCode> refusal, Optional<Long> deploymentId, boolean duplicate,
                    List<Choice> choices) {
    public Reply {
        choices = List.copyOf(choices);
        if (choices.size() > Choice.MOST_PER_REPLY) {
            throw new IllegalArgumentException("more choices than a reply shows: " + choices.size());
        }
    }

    public Reply(String text, Optional<ErrorCode> refusal, Optional<Long> deploymentId, boolean duplicate) {
        this(text, refusal, deploymentId, duplicate, List.of());
    }

    public static Reply ok(String text) {
        return new Reply(text, Optional.empty(), Optional.empty(), false);
    }

    /** An answer with buttons under it. */
    public static Reply ok(String text, List<Choice> choices) {
        return new Reply(text, Optional.empty(), Optional.empty(), false, choices);
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
