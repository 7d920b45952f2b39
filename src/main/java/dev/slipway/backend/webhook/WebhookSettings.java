package dev.slipway.backend.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a {@code webhook} backend deploys: where its receiver listens and the secret both sides sign with.
 *
 * @param url           the receiver, an {@code http} or {@code https} URL with a host; every deployment and every
 *                      cancel is POSTed here
 * @param secret        the key of the HMAC-SHA256 that signs each POST and each run's callback token; a secret, never
 *                      shown by {@link #toString()}
 * @param headers       headers sent with each POST besides Slipway's own (an {@code Authorization} for a gateway in
 *                      front of the receiver), in order; none may be one Slipway sets ({@code Content-Type},
 *                      {@code X-Slipway-*}) or one HTTP reserves to the client ({@code Host}, {@code Content-Length}
 *                      ...). Their values are treated as secrets in messages
 * @param timeout       how long one POST may take; 30 seconds when not given
 * @param reportTimeout how long a run may go without reporting its end before its deployment fails; one hour when
 *                      not given
 */
public record WebhookSettings(String url, String secret, Map<String, String> headers, Duration timeout,
                              Duration reportTimeout) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_REPORT_TIMEOUT = Duration.ofHours(1);
    // RFC 9110's token: what a header name may be made of.
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    // The JDK's client refuses these itself, at the first deploy; refusing them here names the config's line.
    private static final Set<String> RESERVED = Set.of("content-type", "content-length", "host", "connection",
            "expect", "upgrade", "transfer-encoding", "te", "trailer", "keep-alive");

    public WebhookSettings {
        url = required(url, "url");
        String scheme = url.toLowerCase(Locale.ROOT);
        if (!scheme.startsWith("http://") && !scheme.startsWith("https://")) {
            throw new IllegalArgumentException("url must start with http:// or https://");
        }
        try {
            if (new URI(url).getHost() == null) {
                throw new IllegalArgumentException("url has no host: " + url);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid URL: " + url);
        }
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("secret is required");
        }
        headers = copyOf(headers);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        reportTimeout = reportTimeout == null ? DEFAULT_REPORT_TIMEOUT : reportTimeout;
        if (reportTimeout.isZero() || reportTimeout.isNegative()) {
            throw new IllegalArgumentException("reportTimeout must be positive");
        }
    }

    /** Settings without extra headers, with the default timeouts. */
    public WebhookSettings(String url, String secret) {
        this(url, secret, null, null, null);
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value.strip();
    }

    private static Map<String, String> copyOf(Map<String, String> headers) {
        if (headers == null) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("headers must have names");
            }
            if (!HEADER_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("headers: `" + printable(name) + "` is not a header name");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-slipway-") || lower.equals("content-type")) {
                throw new IllegalArgumentException("headers." + name + " is set by Slipway itself");
            }
            if (RESERVED.contains(lower)) {
                throw new IllegalArgumentException("headers." + name + " is set by the HTTP client itself");
            }
            if (value == null) {
                throw new IllegalArgumentException("headers." + name + " needs a value");
            }
            // A line break would end the header and start another that the receiver trusts.
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("headers." + name + " contains a line break");
            }
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    private static String printable(String name) {
        return name.replace("\r", "\\r").replace("\n", "\\n");
    }

    /** How long a run may go without reporting its end: {@link #reportTimeout()}. */
    public Duration reportDeadline() {
        return reportTimeout;
    }

    /** Like the generated one, but without the secret and the headers' values, so settings can be logged. */
    @Override
    public String toString() {
        return "WebhookSettings[url=" + url + ", secret=***, headers=" + headers.keySet() + ", timeout=" + timeout
                + ", reportTimeout=" + reportTimeout + "]";
    }
}
