package dev.slipway.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Names every inbound request for the logs: the {@code request_id} field of each line logged while it is handled,
 * and the {@code X-Request-Id} header of its answer. A proxy's {@code X-Request-Id} is kept when it is a plain
 * token, so one id follows the request through both logs; anything else gets a fresh id.
 */
final class RequestIdFilter implements Filter {
    static final String HEADER = "X-Request-Id";
    static final String FIELD = "request_id";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String given = ((HttpServletRequest) request).getHeader(HEADER);
        String id = given != null && PLAIN.matcher(given).matches() ? given : fresh();
        ((HttpServletResponse) response).setHeader(HEADER, id);
        MDC.put(FIELD, id);
        try {
            chain.doFilter(request, response);
        } finally {
            // Jetty's threads serve one request after another: nothing of this one may label the next.
            MDC.clear();
        }
    }

    /** A name, not a secret: every request takes one, so it comes from a random source that no thread waits for. */
    private static String fresh() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
