package dev.slipway.domain.rule;

import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Refusal;
import java.util.Objects;

/**
 * What a rule says of an attempt: it passes, it is refused (with why), or — for a deployment — it waits, in the
 * state {@code waitsAs}, for what {@code why} names (a confirmation, approvals, its turn).
 */
public record Ruling(Refusal refusal, DeploymentState waitsAs, String why) {
    public static final Ruling PASS = new Ruling(null, null, null);

    public static Ruling refuse(Refusal refusal) {
        return new Ruling(Objects.requireNonNull(refusal, "refusal"), null, null);
    }

    public static Ruling waitAs(DeploymentState state, String why) {
        return new Ruling(null, Objects.requireNonNull(state, "state"), Objects.requireNonNull(why, "why"));
    }

    public boolean passes() {
        return refusal == null && waitsAs == null;
    }

    public boolean refuses() {
        return refusal != null;
    }

    public boolean waits() {
        return waitsAs != null;
    }
}
