package dev.slipway.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text that looks like a credential, whether or not Slipway was configured with it: a token with a provider's
 * prefix ({@code xoxb-}, {@code ghp_}, {@code glpat-} ...), an {@code Authorization} scheme ({@code Bearer},
 * {@code Basic}), a secret in a URL query or form body ({@code ?token=}, {@code client_secret=}, an OAuth
 * {@code code=}), in a JSON field ({@code "access_token":"..."}), in a header line ({@code PRIVATE-TOKEN: ...}) or
 * the password of a URL ({@code https://user:pass@host}). {@link #mask} keeps what names the credential and
 * replaces its value with {@link #MASK}: {@code xoxb-****}, {@code Bearer ****}, {@code token=****}.
 */
public final class TokenShapes {
    public static final String MASK = "****";

    /** Each alternative keeps its group {@code kN} and masks the rest of its match; JSON fields keep the quote. */
    private static final Pattern SHAPES = Pattern.compile(String.join("|",
            // Provider prefixes: Slack (bot, user, app-level, refresh, rotating), GitHub, GitLab.
            "(?<k1>(?<![A-Za-z0-9])(?:xoxe\\.xox[a-z]-|xox[a-z]-|xapp-|glpat-|glptt-|gldt-|glrt-|gloas-"
                    + "|gh[pousr]_|github_pat_))[A-Za-z0-9][A-Za-z0-9_.\\-]*",
            // A scheme and its credentials; a plain word after it ("Basic authentication") is not one.
            "(?<k2>(?<![A-Za-z])(?i:bearer|basic)\\s+)(?=[A-Za-z0-9+/=._~\\-]*[0-9A-Z+/=._~\\-])"
                    + "[A-Za-z0-9+/=._~\\-]{6,}",
            // Header lines that carry a credential, with or without its scheme.
            "(?<k3>(?<![A-Za-z0-9\\-])(?i:authorization|proxy-authorization|private-token|job-token|circle-token"
                    + "|x-api-key|x-gitlab-token|x-auth-token)\\s*[:=]\\s*)(?!\\*\\*\\*\\*)"
                    + "(?:(?i:bearer|basic|token)\\s+)?[^\\s,;\"']+",
            // Query strings and form bodies, the value maybe quoted: it runs to '&', ';', white space, a quote or the end.
            "(?<k4>(?<![A-Za-z0-9_\\-])(?i:access_token|refresh_token|id_token|private_token|client_secret|token"
                    + "|password|passwd|secret|api_key|apikey|signing_secret)=[\"']?)[^&;\\s\"'<>]+",
            // An OAuth code; "exit code=1" is not one, so only a value long enough to be.
            "(?<k5>(?<![A-Za-z0-9_\\-])(?i:code)=[\"']?)(?=[^&;\\s\"'<>]{6})[^&;\\s\"'<>]+",
            // JSON fields.
            "(?<k6>\"(?i:token|access_token|refresh_token|id_token|bot_token|user_token|app_token|client_secret"
                    + "|secret|password|private_token|signing_secret)\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)+(?<q>\")",
            // The password of a URL.
            "(?<k7>(?<![A-Za-z0-9+.\\-])[A-Za-z][A-Za-z0-9+.\\-]*://[^/\\s:@]+:)[^/\\s@]+(?=@)"));
    private static final int KEPT_GROUPS = 7;

    private TokenShapes() {
    }

    /** {@code text} with the value of everything shaped like a credential replaced by {@link #MASK}; null stays null. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher matcher = SHAPES.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder masked = new StringBuilder(text.length());
        do {
            String kept = "";
            for (int group = 1; group <= KEPT_GROUPS; group++) {
                String value = matcher.group("k" + group);
                if (value != null) {
                    kept = value;
                    break;
                }
            }
            String quote = matcher.group("q") != null ? "\"" : "";
            matcher.appendReplacement(masked, Matcher.quoteReplacement(kept + MASK + quote));
        } while (matcher.find());
        matcher.appendTail(masked);
        return masked.toString();
    }

    /**
     * The part of {@code secret} that may be shown because it only says what kind of token it is ({@code xoxb-},
     * {@code ghp_}), or "" for a secret without a known prefix.
     */
    public static String prefix(String secret) {
        Matcher matcher = SHAPES.matcher(secret);
        return matcher.lookingAt() && matcher.group("k1") != null ? matcher.group("k1") : "";
    }
}
