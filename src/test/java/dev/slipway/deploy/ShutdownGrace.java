package dev.slipway.deploy;

import java.lang.reflect.Field;
import java.time.Duration;

/**
 * The time {@code slipway serve} gives running jobs when it is stopped (ServeCommand.SHUTDOWN_GRACE), read from the
 * server itself so that a longer grace fails the packaging tests whose stop timeouts no longer cover it.
 */
final class ShutdownGrace {
    private ShutdownGrace() {
    }

    static Duration of() {
        try {
            Field grace = Class.forName("dev.slipway.cli.ServeCommand").getDeclaredField("SHUTDOWN_GRACE");
            grace.setAccessible(true);
            return (Duration) grace.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("ServeCommand.SHUTDOWN_GRACE is gone: " + e, e);
        }
    }
}
