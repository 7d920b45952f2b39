package dev.slipway.backend;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/**
 * What an HTTP exchange with a provider that failed without an answer means, for the backends that call a REST API
 * themselves (GitLab, GitHub, CircleCI): whether the provider can have received anything, and why, in a person's
 * words. The JDK's client often hides the reason in a cause and leaves the message empty.
 */
public final class HttpFailures {
    private HttpFailures() {
    }

    /** Whether no connection was ever made (refused, unknown host), so the provider received nothing. */
    public static boolean neverConnected(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnresolvedAddressException
                    || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** Why the exchange failed: "unknown host {@code host}", "connection refused", or the first message found. */
    public static String reason(IOException e, String host) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host " + host;
            }
        }
        if (e instanceof ConnectException) {
            return e.getMessage() != null ? e.getMessage() : "connection refused";
        }
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** "30s", or "1500ms" for a duration of no whole seconds. */
    public static String readable(Duration duration) {
        return duration.toMillisPart() == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
