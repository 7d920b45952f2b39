package dev.slipway.chat.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.app.DeniedAttempts;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Stands in front of Bolt at {@code /slack/events}: refuses oversized bodies (413), bad, stale or future-dated
 * signatures (401) and bodies that are neither a Slack JSON envelope nor a Slack form (400), each with one line
 * and before anything is parsed by Bolt or stored; passes the rest on with the body it read. A bad signature is
 * counted as a denied attempt, never written one by one.
 */
public final class SlackRequestFilter implements Filter {
    static final int MAX_BODY = 1024 * 1024;
    /** The source and path bad signatures are counted under. */
    static final String SOURCE = "slack";
    static final String PATH = "/slack/events";
    /** Request attributes for the servlet behind: the body as text, and a slash command's form, decoded. */
    static final String BODY = "slipway.slack.body";
    static final String SLASH_COMMAND = "slipway.slack.slashCommand";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SlackSignature signature;
    private final Clock clock;
    private final DeniedAttempts denied;

    public SlackRequestFilter(String signingSecret, Clock clock, DeniedAttempts denied) {
        this.signature = new SlackSignature(signingSecret);
        this.clock = clock;
        this.denied = java.util.Objects.requireNonNull(denied, "denied");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse out = (HttpServletResponse) response;
        if (!"POST".equals(http.getMethod())) {
            refuse(out, 405, "Slack requests are POSTs");
            return;
        }
        long declared = http.getContentLengthLong();
        // With a declared length within the limit, read exactly that; else read until the limit is passed (the
        // sender then gets its 413 rather than a connection closed under it).
        byte[] body = http.getInputStream().readNBytes(declared >= 0 && declared <= MAX_BODY ? (int) declared : MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            refuse(out, 413, "the body is larger than 1 MiB");
            return;
        }
        if (!signature.verify(http.getHeader("X-Slack-Request-Timestamp"), http.getHeader("X-Slack-Signature"), body,
                clock.instant())) {
            denied.badSignature(SOURCE, PATH, http.getRemoteAddr());
            refuse(out, 401, "invalid, stale or missing Slack signature");
            return;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        Checked checked = check(http.getContentType(), text);
        if (checked.problem() != null) {
            refuse(out, 400, checked.problem());
            return;
        }
        // What was learnt here is handed on, so that the body is decoded and told apart once, not again by Bolt.
        http.setAttribute(BODY, text);
        if (checked.slashCommand() != null) {
            http.setAttribute(SLASH_COMMAND, checked.slashCommand());
        }
        chain.doFilter(new CachedBody(http, body), response);
    }

    /** A one-line reason when the body is not something Slack sends, or null when it is. */
    static String malformed(String contentType, byte[] body) {
        return check(contentType, new String(body, StandardCharsets.UTF_8)).problem();
    }

    /**
     * What a body is: a one-line reason when it is not something Slack sends; else, for a slash command, its form
     * decoded (null for anything else).
     */
    record Checked(String problem, Map<String, String> slashCommand) {
        static final Checked OTHER = new Checked(null, null);

        static Checked refused(String problem) {
            return new Checked(problem, null);
        }
    }

    private static Checked check(String contentType, String text) {
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/json")) {
            JsonNode json = parseJson(text);
            return json != null && json.isObject() && json.hasNonNull("type") ? Checked.OTHER
                    : Checked.refused("the body is not a Slack JSON envelope with a type");
        }
        if (type.startsWith("application/x-www-form-urlencoded")) {
            Map<String, String> form = decodeForm(text);
            if (form == null) {
                return Checked.refused("the body is not a valid form");
            }
            if (form.containsKey("payload")) {
                JsonNode payload = parseJson(form.get("payload"));
                return payload != null && payload.isObject() && payload.hasNonNull("type") ? Checked.OTHER
                        : Checked.refused("the payload field is not a Slack JSON payload");
            }
            if (form.containsKey("command")) {
                return new Checked(null, form);
            }
            return form.containsKey("ssl_check") ? Checked.OTHER
                    : Checked.refused("the form has neither a command nor a payload");
        }
        return Checked.refused("unsupported content type: " + (contentType == null ? "none" : contentType));
    }

    private static JsonNode parseJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    static Map<String, String> decodeForm(String text) {
        Map<String, String> form = new HashMap<>();
        try {
            for (String pair : text.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                form.put(key, value);
            }
            return form;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void refuse(HttpServletResponse response, int status, String reason) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain; charset=utf-8");
        response.getWriter().write(reason + "\n");
    }

    /** The request with the body already read, so Bolt can read it again. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }

                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return bytes.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            // The body is small and already in memory: one decode, no stream buffers.
            return new BufferedReader(new StringReader(new String(body, StandardCharsets.UTF_8)), Math.max(1, body.length));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
