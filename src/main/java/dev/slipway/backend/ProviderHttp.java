package dev.slipway.backend;

import dev.slipway.domain.PublicText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/**
 * What the backends that call a REST API themselves (GitLab, GitHub, CircleCI) share: how a value becomes part of
 * a URL, and what an exchange that failed without an answer means — whether the provider can have received
 * anything, and why, in a person's words (the JDK's client often hides the reason in a cause).
 */
public final class ProviderHttp {
    private ProviderHttp() {
    }

    /**
     * {@code value} as one URL path segment or query value. URLEncoder writes a space as '+', which is right in a
     * form but not in a path; %20 is right in both.
     */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
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
            return e.getMessage() != null ? PublicText.of(e.getMessage()) : "connection refused";
        }
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        // Shown in chat as part of a failure: a person's words, never a class name ("ClosedChannelException").
        return PublicText.of(t.getMessage() != null ? t.getMessage() : t.getClass().getName());
    }

    /** "30s", or "1500ms" for a duration of no whole seconds. */
    public static String readable(Duration duration) {
        return duration.toMillisPart() == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    /** A provider's ISO-8601 time with an offset ({@code 2024-05-31T16:09:10.120+00:00}), or null when absent or not one. */
    public static java.time.Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
