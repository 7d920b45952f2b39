package dev.slipway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.domain.PublicText;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises before a request reaches Javalin or Bolt (a body too large, too slow or cut
 * short, too many bodies at once, a malformed request line) the way the endpoints answer theirs: one line of
 * reason, plain text on {@code /slack/} and JSON elsewhere, instead of Jetty's HTML page. Never names an
 * exception.
 */
final class JettyErrorHandler implements Request.Handler {
    static final String TOO_LARGE = "the body is larger than 1 MiB";
    static final String BUSY = "the server is busy; retry later";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws JsonProcessingException {
        int status = response.getStatus();
        String reason = reason(status, request.getAttribute(ErrorHandler.ERROR_MESSAGE));
        byte[] body;
        if (Request.getPathInContext(request).startsWith("/slack/")) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            body = JSON.writeValueAsBytes(Map.of("error", reason));
        }
        response.getHeaders().put(ErrorHandler.ERROR_CACHE_CONTROL);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    static String reason(int status, Object message) {
        return switch (status) {
            case HttpStatus.PAYLOAD_TOO_LARGE_413 -> TOO_LARGE;
            case HttpStatus.SERVICE_UNAVAILABLE_503 -> BUSY;
            default -> {
                // Jetty's own 4xx messages are short and plain ("Invalid URI"); a 5xx message may carry an
                // exception's text, which the caller never sees.
                boolean plain = status < 500 && message instanceof String text && !text.isBlank()
                        && text.lines().count() == 1 && !text.contains("Exception");
                yield plain ? PublicText.of((String) message) : HttpStatus.getMessage(status);
            }
        };
    }
}
