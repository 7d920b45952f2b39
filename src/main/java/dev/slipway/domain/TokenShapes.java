package dev.slipway.domain;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text that looks like a credential, whether or not Slipway was configured with it: a token with a provider's
 * prefix ({@code xoxb-}, {@code ghp_}, {@code glpat-} ...), an {@code Authorization} scheme ({@code Bearer},
 * {@code Basic}), a secret in a URL query or form body ({@code ?token=}, {@code client_secret=}, an OAuth
 * {@code code=}), in a JSON field ({@code "access_token":"..."}), in a header line ({@code PRIVATE-TOKEN: ...}) or
 * the password of a URL ({@code https://user:pass@host}). {@link #mask} keeps what names the credential and
 * replaces its value with {@link #MASK}: {@code xoxb-****}, {@code Bearer ****}, {@code token=****}.
 *
 * <p>It runs on every log line, so each shape has a cheap guard (a character or word the shape cannot do without)
 * and its pattern runs only on a line that passes it; most lines pass none.
 */
public final class TokenShapes {
    public static final String MASK = "****";

    private static final String PREFIXES = "(?<![A-Za-z0-9])(?:xoxe\\.xox[a-z]-|xox[a-z]-|xapp-|glpat-|glptt-|gldt-"
            + "|glrt-|gloas-|gh[pousr]_|github_pat_)";
    private static final Pattern PREFIX = Pattern.compile(PREFIXES);

    /** A shape: its pattern's group 1 is kept, the rest of a match masked, and group 2 (a closing quote) kept. */
    private record Shape(Predicate<String> guard, Pattern pattern) {
    }

    /**
     * In this order: a header line takes its scheme along ({@code Authorization: ****}), not just the token; one
     * already masked or redacted by its library ({@code (redacted)}, {@code [hidden]}) stays as it is.
     */
    private static final List<Shape> SHAPES = List.of(
            new Shape(text -> containsIgnoringCase(text, "authorization") || containsIgnoringCase(text, "token")
                    || containsIgnoringCase(text, "x-api-key"), Pattern.compile(
                    "((?<![A-Za-z0-9\\-])(?i:authorization|proxy-authorization|private-token|job-token|circle-token"
                            + "|x-api-key|x-gitlab-token|x-auth-token)\\s*[:=]\\s*)(?!\\*\\*\\*\\*|[(\\[<])"
                            + "(?:(?i:bearer|basic|token)\\s+)?[^\\s,;\"']+()")),
            // A scheme and its credentials; a plain word after it ("Basic authentication") is not one.
            new Shape(text -> containsIgnoringCase(text, "bearer") || containsIgnoringCase(text, "basic"),
                    Pattern.compile("((?<![A-Za-z])(?i:bearer|basic)\\s+)(?=[A-Za-z0-9+/=._~\\-]*[0-9A-Z+/=._~\\-])"
                            + "[A-Za-z0-9+/=._~\\-]{6,}()")),
            // Provider prefixes: Slack (bot, user, app-level, refresh, rotating), GitLab, GitHub.
            new Shape(text -> text.contains("xox") || text.contains("xapp-") || text.contains("gl")
                    || text.contains("gh") && text.indexOf('_') >= 0,
                    Pattern.compile("(" + PREFIXES + ")[A-Za-z0-9][A-Za-z0-9_.\\-]*()")),
            // Query strings and form bodies, the value maybe quoted: it runs to '&', ';', white space, a quote or the
            // end. An OAuth code only when long enough to be one: "exit code=1" is not.
            new Shape(text -> text.indexOf('=') >= 0, Pattern.compile(
                    "((?<![A-Za-z0-9_\\-])(?:(?i:access_token|refresh_token|id_token|private_token|client_secret|token"
                            + "|password|passwd|secret|api_key|apikey|signing_secret)=[\"']?(?=[^&;\\s\"'<>])"
                            + "|(?i:code)=[\"']?(?=[^&;\\s\"'<>]{6})))[^&;\\s\"'<>]+()")),
            // JSON fields.
            new Shape(text -> text.indexOf('"') >= 0, Pattern.compile(
                    "(\"(?i:token|access_token|refresh_token|id_token|bot_token|user_token|app_token|client_secret"
                            + "|secret|password|private_token|signing_secret)\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)+(\")")),
            // The password of a URL.
            new Shape(text -> text.contains("://") && text.indexOf('@') >= 0, Pattern.compile(
                    "((?<![A-Za-z0-9+.\\-])[A-Za-z][A-Za-z0-9+.\\-]*://[^/\\s:@]+:)[^/\\s@]+(?=@)()")));

    private TokenShapes() {
    }

    /** {@code text} with the value of everything shaped like a credential replaced by {@link #MASK}; null stays null. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (Shape shape : SHAPES) {
            if (shape.guard().test(masked)) {
                masked = mask(masked, shape.pattern());
            }
        }
        return masked;
    }

    private static String mask(String text, Pattern pattern) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder masked = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(masked, Matcher.quoteReplacement(matcher.group(1) + MASK + matcher.group(2)));
        } while (matcher.find());
        return matcher.appendTail(masked).toString();
    }

    /**
     * The part of {@code secret} that may be shown because it only says what kind of token it is ({@code xoxb-},
     * {@code ghp_}), or "" for a secret without a known prefix.
     */
    public static String prefix(String secret) {
        Matcher matcher = PREFIX.matcher(secret);
        return matcher.lookingAt() ? matcher.group() : "";
    }

    /** Whether {@code text} contains {@code word} (lower case), in any case, without making a lower-case copy. */
    private static boolean containsIgnoringCase(String text, String word) {
        int last = text.length() - word.length();
        char first = word.charAt(0);
        char firstUpper = Character.toUpperCase(first);
        for (int i = 0; i <= last; i++) {
            char c = text.charAt(i);
            if ((c == first || c == firstUpper) && text.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }
}
