package dev.slipway.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels per mode: the console prints what chat would show, so only warnings reach its terminal. */
final class Logging {
    private Logging() {
    }

    static void quiet() {
        if (System.getenv("SLIPWAY_LOG_LEVEL") == null) {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        }
    }
}
