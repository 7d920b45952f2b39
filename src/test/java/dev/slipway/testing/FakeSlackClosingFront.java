package dev.slipway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback front for a {@link FakeSlack} that behaves like a server closing each connection right after its
 * answer without saying so: no {@code Connection: close}, so a client keeps the connection for its next request and
 * finds it dead. The JDK's HttpServer cannot do that itself (it keeps every connection alive unless told to close).
 *
 * <p>Each connection accepted here gets one connection to the fake behind; the first request goes through, the first
 * answer goes back (each framed by its {@code Content-Length}, which the fake always sends), then both are closed.
 * Anything the client sends after its first request is never passed on, as a server that closes after answering
 * never reads it. When the fake closes without answering, the client's connection is closed with nothing sent back.
 */
final class FakeSlackClosingFront implements AutoCloseable {
    private final ServerSocket listener;
    private final int backendPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-slack-closing-front");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger accepted = new AtomicInteger();

    FakeSlackClosingFront(int backendPort) {
        this.backendPort = backendPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::acceptAll);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections clients have opened so far: with every one closed after an answer, one per answered request. */
    int connectionsAccepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        threads.shutdownNow();
    }

    private void acceptAll() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                accepted.incrementAndGet();
                threads.execute(() -> serveOne(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveOne(Socket client) {
        try (client; Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
            InputStream fromClient = client.getInputStream();
            OutputStream toBackend = backend.getOutputStream();
            threads.execute(() -> relayOneRequest(fromClient, toBackend));
            relayOneMessage(backend.getInputStream(), client.getOutputStream());
        } catch (IOException e) {
            // the client or the fake went away: its connection is closed either way
        }
    }

    /** Copies the client's first request to the fake, and nothing after it. */
    private static void relayOneRequest(InputStream in, OutputStream out) {
        try {
            relayOneMessage(in, out);
        } catch (IOException e) {
            // closed after the answer: what this front is for
        }
    }

    /** Copies the start line, headers and a {@code Content-Length} body; nothing if the sender closed first. */
    private static void relayOneMessage(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        long length = contentLength(head.toString(StandardCharsets.ISO_8859_1));
        out.write(head.toByteArray());
        byte[] buffer = new byte[8192];
        for (long left = length; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        out.flush();
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("content-length")) {
                return Long.parseLong(line.substring(colon + 1).strip());
            }
        }
        return 0; // a request without a body
    }
}
