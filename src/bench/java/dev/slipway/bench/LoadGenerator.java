package dev.slipway.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop HTTP/1.1 load generator on non-blocking sockets: a fixed set of keep-alive connections, each with
 * exactly one request in flight, the next sent as soon as the previous is answered. Each request is signed as
 * Slack signs it, with the current second as its timestamp. A few selector threads drive all connections, which
 * costs far less CPU than a thread per connection or {@code java.net.http.HttpClient} — it matters here, as the
 * load generator shares the machine's cores with the server it measures.
 *
 * <p>Latency is from the first byte written to the last byte of the answer read. Only requests sent after the
 * warm-up and answered before the end of the measured window count; after the window no new request is sent, and
 * those still in flight get {@link #DRAIN} to finish.
 */
final class LoadGenerator {
    static final Duration DRAIN = Duration.ofSeconds(15);
    private static final long HIGHEST_MICROS = Duration.ofMinutes(2).toNanos() / 1000;

    /** What the measured window saw. {@code unfulfilled}: 2xx answers that did not do what was asked. */
    record Result(long requests, long non2xx, long unfulfilled, long ioErrors, double seconds, Histogram latencyMicros,
                  long sentInTotal) {
        double throughput() {
            return requests / seconds;
        }
    }

    private final InetSocketAddress address;
    private final Workload workload;
    private final byte[] secret;
    private final int connections;
    private final int threads;
    private final boolean readAnswers;

    /** {@code readAnswers}: check that 2xx bodies say what {@link Workload.Request#mustContain()} asks. */
    LoadGenerator(InetSocketAddress address, Workload workload, String secret, int connections, int threads,
                  boolean readAnswers) {
        this.address = address;
        this.workload = workload;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.connections = connections;
        this.threads = threads;
        this.readAnswers = readAnswers;
    }

    Result run(Duration warmup, Duration measure) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureTo = measureFrom + measure.toNanos();
        AtomicLong seq = new AtomicLong();
        List<Loop> loops = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int share = connections / threads + (i < connections % threads ? 1 : 0);
            Loop loop = new Loop(share, seq, measureFrom, measureTo);
            loops.add(loop);
            Thread thread = new Thread(loop, "load-" + i);
            running.add(thread);
            thread.start();
        }
        for (Thread thread : running) {
            thread.join();
        }
        Histogram latencies = new Histogram(HIGHEST_MICROS, 3);
        long requests = 0;
        long non2xx = 0;
        long unfulfilled = 0;
        long ioErrors = 0;
        for (Loop loop : loops) {
            if (loop.failure != null) {
                throw new IllegalStateException("load generator failed", loop.failure);
            }
            latencies.add(loop.latencies);
            requests += loop.requests;
            non2xx += loop.non2xx;
            unfulfilled += loop.unfulfilled;
            ioErrors += loop.ioErrors;
        }
        return new Result(requests, non2xx, unfulfilled, ioErrors, measure.toNanos() / 1e9, latencies, seq.get());
    }

    /** One selector thread and its share of the connections. */
    private final class Loop implements Runnable {
        private final int share;
        private final AtomicLong seq;
        private final long measureFrom;
        private final long measureTo;
        private final Histogram latencies = new Histogram(HIGHEST_MICROS, 3);
        private final Mac mac;
        private long requests;
        private long non2xx;
        private long unfulfilled;
        private long ioErrors;
        private Throwable failure;

        Loop(int share, AtomicLong seq, long measureFrom, long measureTo) {
            this.share = share;
            this.seq = seq;
            this.measureFrom = measureFrom;
            this.measureTo = measureTo;
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void run() {
            try (Selector selector = Selector.open()) {
                int open = 0;
                for (int i = 0; i < share; i++) {
                    connect(selector);
                    open++;
                }
                long giveUp = measureTo + DRAIN.toNanos();
                while (open > 0 && System.nanoTime() < giveUp) {
                    selector.select(100);
                    for (SelectionKey key : selector.selectedKeys()) {
                        Connection connection = (Connection) key.attachment();
                        try {
                            if (!step(key, connection)) {
                                key.cancel();
                                connection.channel.close();
                                open--;
                            }
                        } catch (IOException e) {
                            key.cancel();
                            connection.channel.close();
                            if (connection.startNanos >= measureFrom && System.nanoTime() <= measureTo) {
                                ioErrors++;
                            }
                            if (System.nanoTime() < measureTo) {
                                connect(selector);
                            } else {
                                open--;
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (Throwable e) {
                failure = e;
            }
        }

        private void connect(Selector selector) throws IOException {
            SocketChannel channel = SocketChannel.open(address);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            Connection connection = new Connection(channel);
            SelectionKey key = channel.register(selector, 0, connection);
            send(key, connection);
        }

        /** Advances one connection; false when it is done for this run. */
        private boolean step(SelectionKey key, Connection connection) throws IOException {
            if (key.isWritable()) {
                connection.channel.write(connection.out);
                if (!connection.out.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
                return true;
            }
            if (!key.isReadable()) {
                return true;
            }
            if (!connection.in.hasRemaining()) {
                connection.grow();
            }
            if (connection.channel.read(connection.in) < 0) {
                throw new EOFException("the server closed the connection");
            }
            Response response = Response.parse(connection.in);
            if (response == null) {
                return true;
            }
            long now = System.nanoTime();
            if (connection.startNanos >= measureFrom && now <= measureTo) {
                requests++;
                latencies.recordValue(Math.min(HIGHEST_MICROS, (now - connection.startNanos) / 1000));
                if (response.status / 100 != 2) {
                    non2xx++;
                } else if (readAnswers && connection.request.mustContain() != null
                        && !response.body().contains(connection.request.mustContain())) {
                    unfulfilled++;
                }
            }
            connection.in.clear();
            if (now >= measureTo) {
                return false;
            }
            send(key, connection);
            return true;
        }

        private void send(SelectionKey key, Connection connection) throws IOException {
            Workload.Request request = workload.request(seq.getAndIncrement());
            long timestamp = System.currentTimeMillis() / 1000;
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            String signature = "v0=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
            byte[] head = ("POST /slack/events HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                    + "\r\nContent-Type: " + request.contentType() + "\r\nContent-Length: " + request.body().length
                    + "\r\nX-Slack-Request-Timestamp: " + timestamp + "\r\nX-Slack-Signature: " + signature + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            ByteBuffer out = ByteBuffer.allocate(head.length + request.body().length);
            out.put(head).put(request.body()).flip();
            connection.out = out;
            connection.request = request;
            connection.startNanos = System.nanoTime();
            connection.channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    private static final class Connection {
        final SocketChannel channel;
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        ByteBuffer out;
        Workload.Request request;
        long startNanos;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void grow() {
            ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
            in.flip();
            bigger.put(in);
            in = bigger;
        }
    }

    /** A complete HTTP/1.1 answer (Content-Length or chunked), or null from {@link #parse} while more is to come. */
    record Response(int status, byte[] rawBody) {
        String body() {
            return new String(rawBody, StandardCharsets.UTF_8);
        }

        static Response parse(ByteBuffer in) {
            byte[] bytes = in.array();
            int length = in.position();
            int headEnd = indexOf(bytes, 0, length, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (headEnd < 0) {
                return null;
            }
            String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            int status = Integer.parseInt(head.substring(9, 12));
            int bodyStart = headEnd + 4;
            String contentLength = header(head, "content-length");
            if (contentLength != null) {
                int size = Integer.parseInt(contentLength);
                if (length < bodyStart + size) {
                    return null;
                }
                return new Response(status, java.util.Arrays.copyOfRange(bytes, bodyStart, bodyStart + size));
            }
            if ("chunked".equals(header(head, "transfer-encoding"))) {
                return chunked(status, bytes, bodyStart, length);
            }
            return new Response(status, new byte[0]);
        }

        private static Response chunked(int status, byte[] bytes, int from, int length) {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            int at = from;
            while (true) {
                int lineEnd = indexOf(bytes, at, length, "\r\n".getBytes(StandardCharsets.US_ASCII));
                if (lineEnd < 0) {
                    return null;
                }
                String sizeLine = new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1);
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                at = lineEnd + 2;
                if (size == 0) {
                    return indexOf(bytes, at, length, "\r\n".getBytes(StandardCharsets.US_ASCII)) < 0 ? null
                            : new Response(status, body.toByteArray());
                }
                if (length < at + size + 2) {
                    return null;
                }
                body.write(bytes, at, size);
                at += size + 2;
            }
        }

        private static String header(String head, String name) {
            int at = head.indexOf("\r\n" + name + ":");
            if (at < 0) {
                return null;
            }
            int valueStart = at + name.length() + 3;
            int end = head.indexOf("\r\n", valueStart);
            return head.substring(valueStart, end < 0 ? head.length() : end).trim();
        }

        private static int indexOf(byte[] bytes, int from, int to, byte[] needle) {
            outer:
            for (int i = from; i <= to - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
