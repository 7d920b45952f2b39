package dev.slipway.http;

import dev.slipway.store.WriteDeadline;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.time.Duration;

/**
 * Gives every inbound request a {@link WriteDeadline}: its writes are committed before the answer is due, or not at
 * all, so a request the client has stopped waiting for never takes effect later.
 */
final class AnswerDeadlineFilter implements Filter {
    private final Duration within;

    AnswerDeadlineFilter(Duration within) {
        this.within = within;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try (WriteDeadline ignored = WriteDeadline.start(within)) {
            chain.doFilter(request, response);
        }
    }
}
