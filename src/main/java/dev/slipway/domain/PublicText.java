package dev.slipway.domain;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a person or an HTTP caller may be shown of a text that comes from inside the server — an exception's
 * message, a provider's error body, a failure summary: one line, without the names of Java classes
 * ({@code java.net.ConnectException: }), stack frames, SQL or the server's file paths, and with everything shaped
 * like a credential masked ({@link TokenShapes}). The words that help stay: "connection refused",
 * "HTTP 401 from GitLab".
 */
public final class PublicText {
    public static final int MAX_LENGTH = 400;
    static final String PATH = "[path]";
    static final String CUT = "…";

    /** A qualified class name followed by ": " or standing alone, as {@code Throwable.toString()} writes one. */
    private static final Pattern QUALIFIED_CLASS =
            Pattern.compile("(?<![\\w$.])(?:[a-z_][\\w$]*\\.){2,}(?<simple>[A-Z][\\w$]*)(?::\\s*|(?![\\w$.(]))");
    /** An exception's simple name as a prefix ("IOException: closed") or standing alone. */
    private static final Pattern SIMPLE_THROWABLE =
            Pattern.compile("(?<![\\w$.])(?<simple>[A-Z][\\w$]*(?:Exception|Error|Throwable))(?::\\s*|(?![\\w$.]))");
    private static final Pattern STACK_FRAME = Pattern.compile("\\s*\\bat [\\w$.]+\\(.*$");
    private static final Pattern SQL = Pattern.compile("(?i)\\[statement:|\\bselect\\s.+?\\sfrom\\s|\\binsert\\s+into\\s"
            + "|\\bupdate\\s+\\S+\\s+set\\s|\\bdelete\\s+from\\s|\\bcreate\\s+(?:table|index)\\s");
    private static final Pattern SERVER_PATH = Pattern.compile("(?<![\\w.:/~\\-])(?:file:)?/(?:tmp|work|home|var|opt"
            + "|usr|root|etc|srv|data|app|mnt|proc|private|Users|workspace|builds)(?:/[^\\s:;,'\"()\\[\\]]*)?");
    /** What an exception that says nothing else means, by its simple name. */
    private static final Map<String, String> MEANING = Map.ofEntries(
            Map.entry("ConnectException", "connection refused"),
            Map.entry("HttpConnectTimeoutException", "timed out connecting"),
            Map.entry("HttpTimeoutException", "timed out"),
            Map.entry("SocketTimeoutException", "timed out"),
            Map.entry("TimeoutException", "timed out"),
            Map.entry("InterruptedIOException", "timed out"),
            Map.entry("UnknownHostException", "unknown host"),
            Map.entry("UnresolvedAddressException", "unknown host"),
            Map.entry("NoRouteToHostException", "no route to host"),
            Map.entry("SSLHandshakeException", "TLS handshake failed"),
            Map.entry("SSLException", "TLS failed"),
            Map.entry("EOFException", "connection closed"),
            Map.entry("ClosedChannelException", "connection closed"),
            Map.entry("SocketException", "connection failed"),
            Map.entry("InterruptedException", "interrupted"));

    private PublicText() {
    }

    /** {@code text} fit to be shown, as the class comment says; null becomes "". */
    public static String of(String text) {
        if (text == null) {
            return "";
        }
        String line = firstLine(text);
        line = STACK_FRAME.matcher(line).replaceFirst("");
        Matcher sql = SQL.matcher(line);
        if (sql.find()) {
            line = line.substring(0, sql.start()).stripTrailing() + " " + CUT;
        }
        line = withoutClassNames(line);
        line = SERVER_PATH.matcher(line).replaceAll(Matcher.quoteReplacement(PATH));
        line = TokenShapes.mask(line).strip();
        if (line.codePointCount(0, line.length()) > MAX_LENGTH) {
            line = line.substring(0, line.offsetByCodePoints(0, MAX_LENGTH - 1)) + CUT;
        }
        return line;
    }

    private static String firstLine(String text) {
        String stripped = text.strip();
        int end = 0;
        while (end < stripped.length() && stripped.charAt(end) != '\n' && stripped.charAt(end) != '\r') {
            end++;
        }
        return stripped.substring(0, end);
    }

    /**
     * Class names go: one before ": " with it, a throwable's standing alone becomes what it means ("connection
     * refused") or "error", any other class its simple name. A message that was nothing else reads what its first
     * exception meant, or "unexpected error".
     */
    private static String withoutClassNames(String line) {
        String meaning = null;
        String rest = line;
        for (Pattern pattern : new Pattern[] {QUALIFIED_CLASS, SIMPLE_THROWABLE}) {
            Matcher matcher = pattern.matcher(rest);
            StringBuilder kept = new StringBuilder();
            while (matcher.find()) {
                String simple = matcher.group("simple");
                if (meaning == null) {
                    meaning = MEANING.get(simple);
                }
                String replacement;
                if (matcher.group().stripTrailing().endsWith(":")) {
                    replacement = "";
                } else if (isThrowableName(simple)) {
                    replacement = MEANING.getOrDefault(simple, "error");
                } else {
                    replacement = simple;
                }
                matcher.appendReplacement(kept, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(kept);
            rest = kept.toString();
        }
        rest = rest.replaceAll("\\s{2,}", " ").replaceAll("[:;,\\s]+$", "").replaceAll("^[:;,\\s]+", "");
        if (rest.isEmpty() || rest.equals("null") || rest.equals("error")) {
            return meaning != null ? meaning : "unexpected error";
        }
        return rest;
    }

    private static boolean isThrowableName(String simple) {
        String lower = simple.toLowerCase(Locale.ROOT);
        return lower.endsWith("exception") || lower.endsWith("error") || lower.endsWith("throwable");
    }
}
