package dev.slipway.domain;

import java.time.Instant;
import java.util.Optional;

/** A configured change freeze: a window of time, repeating or fixed, during which an environment takes no deployment. */
public interface FreezeWindow {
    /** The freeze this window puts on {@code project}'s {@code environment} at {@code at}, if it covers that instant. */
    Optional<Freeze> at(String project, String environment, Instant at);
}
