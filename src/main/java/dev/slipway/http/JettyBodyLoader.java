package dev.slipway.http;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request's whole body for {@link EagerContentHandler} before Javalin or Bolt see the request: the body
 * arrives asynchronously, so no thread waits on a slow client, and it must all arrive within the request timeout.
 * A body that ends before its declared length (400), takes too long (408) or passes the limit (413, counted by the
 * {@code SizeLimitHandler} that must stand in front) is answered here with one line and logged with one line, so
 * the application only ever reads complete bodies. {@code maxBody} bounds the memory a body takes even so.
 *
 * <p>Jetty's own {@code RetainedContentLoaderFactory} would do the reading, but it has no deadline and hands read
 * failures on to the application, where they surface as I/O exceptions inside Javalin's and Bolt's handlers.
 */
final class JettyBodyLoader implements EagerContentHandler.ContentLoaderFactory {
    static final String ENDED_EARLY = "the request body ended before its declared length";
    static final String CHUNKS_ENDED_EARLY = "the request body ended before its last chunk, or a chunk is malformed";
    private static final Logger log = LoggerFactory.getLogger(JettyBodyLoader.class);

    private final int maxBody;
    private final Duration timeout;

    JettyBodyLoader(int maxBody, Duration timeout) {
        this.maxBody = maxBody;
        this.timeout = timeout;
    }

    @Override
    public String getApplicableMimeType() {
        return null; // every content type: the hooks and Slack read JSON and forms as raw bytes
    }

    @Override
    public EagerContentHandler.ContentLoader newContentLoader(String contentType, String mimeType, Handler handler,
                                                              Request request, Response response, Callback callback) {
        return new Loader(handler, request, response, callback);
    }

    private final class Loader extends EagerContentHandler.ContentLoader {
        /** Set once, by whichever comes first: the whole body, a read failure or the deadline. */
        private final AtomicBoolean settled = new AtomicBoolean();

        Loader(Handler handler, Request request, Response response, Callback callback) {
            super(handler, request, response, callback);
        }

        @Override
        protected void load() {
            Request request = getRequest();
            Scheduler.Task deadline = request.getComponents().getScheduler().schedule(() -> {
                if (settled.compareAndSet(false, true)) {
                    // Wakes the pending read with this failure, which then answers 408 below.
                    request.fail(new TimeoutException(timedOut()));
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            Content.Source.asByteArrayAsync(request, maxBody, new Promise.Invocable<>() {
                @Override
                public void succeeded(byte[] body) {
                    deadline.cancel();
                    if (settled.compareAndSet(false, true)) {
                        handle(new LoadedRequest(request, body), getResponse(), getCallback());
                    } else {
                        refuse(HttpStatus.REQUEST_TIMEOUT_408, timedOut());
                    }
                }

                @Override
                public void failed(Throwable failure) {
                    deadline.cancel();
                    settled.set(true);
                    refuse(failure);
                }

                @Override
                public Invocable.InvocationType getInvocationType() {
                    return Invocable.InvocationType.BLOCKING; // succeeded runs the application, which may block
                }
            });
        }

        private void refuse(Throwable failure) {
            if (failure instanceof TimeoutException) {
                refuse(HttpStatus.REQUEST_TIMEOUT_408, timedOut());
            } else if (failure instanceof EofException) {
                // Jetty reports a chunk it cannot parse as an early end too.
                refuse(HttpStatus.BAD_REQUEST_400, getRequest().getLength() >= 0 ? ENDED_EARLY : CHUNKS_ENDED_EARLY);
            } else if (failure instanceof HttpException http && http.getCode() == HttpStatus.PAYLOAD_TOO_LARGE_413) {
                refuse(HttpStatus.PAYLOAD_TOO_LARGE_413, JettyErrorHandler.TOO_LARGE);
            } else {
                refuse(HttpStatus.BAD_REQUEST_400, "the request body could not be read");
            }
        }

        private void refuse(int status, String reason) {
            Request request = getRequest();
            log.warn("refused {} {} from {} with {}: {}", request.getMethod(), request.getHttpURI().getPath(),
                    Request.getRemoteAddr(request), status, reason);
            Response.writeError(request, getResponse(), getCallback(), status, reason);
        }

        private String timedOut() {
            return "the request body took longer than " + readable(timeout) + " to arrive";
        }
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** The request with its body already read: reads replay it, so the application never waits on the client. */
    private static final class LoadedRequest extends Request.Wrapper {
        private final Content.Source body;

        LoadedRequest(Request request, byte[] body) {
            super(request);
            this.body = Content.Source.from(ByteBuffer.wrap(body));
        }

        @Override
        public Content.Chunk read() {
            return body.read();
        }

        @Override
        public void demand(Runnable demandCallback) {
            body.demand(demandCallback);
        }
    }
}
