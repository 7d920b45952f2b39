package dev.slipway.log;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sends what libraries log through {@code java.util.logging} (OkHttp's warnings, the JDK's HttpClient when its log
 * is switched on) to logback, where it is masked like every other line, instead of to the JDK's own unmasked
 * console handler. Its levels follow logback's ({@code LevelChangePropagator} in {@code logback.xml}), so a line
 * logback would drop is never made.
 */
public final class JavaLogging {
    private JavaLogging() {
    }

    public static synchronized void toLogback() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
