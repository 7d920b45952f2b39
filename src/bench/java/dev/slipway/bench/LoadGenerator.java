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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * <p>A workload that sends requests {@link Workload#together() together} gets its connections in groups of that
 * size: a group's next requests go out at the same moment, one on each of its connections, once every answer of
 * the group's previous ones is in. With several addresses, connections are spread over them in turn.
 *
 * <p>Latency is from the first byte written to the last byte of the answer read. Only requests sent after the
 * warm-up and answered before the end of the measured window count; after the window no new request is sent, and
 * those still in flight get {@link #DRAIN} to finish.
 */
final class LoadGenerator {
    static final Duration DRAIN = Duration.ofSeconds(15);
    private static final long HIGHEST_MICROS = Duration.ofMinutes(2).toNanos() / 1000;
    private static final Pattern TEXT = Pattern.compile("\"text\"\\s*:\\s*\"([^\"]*)\"");

    /**
     * What the measured window saw. {@code unfulfilled}: 2xx answers that did not do what was asked;
     * {@code distinct}: answers to the first delivery of a request (all of them but in the retry storm);
     * {@code answerKinds}: answers by status and the first words they say (when answers are read).
     */
    record Result(long requests, long non2xx, long unfulfilled, long ioErrors, double seconds, Histogram latencyMicros,
                  long distinct, Map<String, Long> answerKinds) {
        double throughput() {
            return requests / seconds;
        }

        double distinctThroughput() {
            return distinct / seconds;
        }
    }

    private final List<InetSocketAddress> addresses;
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private final Workload workload;
    private final byte[] secret;
    private final int connections;
    private final int threads;
    private final boolean readAnswers;

    /** {@code readAnswers}: check that 2xx bodies say what {@link Workload.Request#done()} looks for. */
    LoadGenerator(InetSocketAddress address, Workload workload, String secret, int connections, int threads,
                  boolean readAnswers) {
        this(List.of(address), workload, secret, connections, threads, readAnswers);
    }

    /** Connection {@code i} goes to {@code addresses[i mod n]}, so each server gets its share of the load. */
    LoadGenerator(List<InetSocketAddress> addresses, Workload workload, String secret, int connections, int threads,
                  boolean readAnswers) {
        this.addresses = List.copyOf(addresses);
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
        List<Loop> loops = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        int groups = connections / workload.together();
        for (int i = 0; i < threads; i++) {
            int share = groups / threads + (i < groups % threads ? 1 : 0);
            Loop loop = new Loop(share, measureFrom, measureTo);
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
        long distinct = 0;
        Map<String, Long> kinds = new TreeMap<>();
        for (Loop loop : loops) {
            if (loop.failure != null) {
                throw new IllegalStateException("load generator failed", loop.failure);
            }
            latencies.add(loop.latencies);
            requests += loop.requests;
            non2xx += loop.non2xx;
            unfulfilled += loop.unfulfilled;
            ioErrors += loop.ioErrors;
            distinct += loop.distinct;
            loop.kinds.forEach((kind, n) -> kinds.merge(kind, n, Long::sum));
        }
        return new Result(requests, non2xx, unfulfilled, ioErrors, measure.toNanos() / 1e9, latencies, distinct, kinds);
    }

    /** What an answer was, for counting: its status, and for a 2xx with a text its first words (numbers as N). */
    static String kind(Response response) {
        if (response.status() / 100 != 2) {
            return "HTTP " + response.status();
        }
        Matcher text = TEXT.matcher(response.body());
        if (!text.find()) {
            return response.status() + (response.rawBody().length == 0 ? " (empty)" : " (no text)");
        }
        String[] words = text.group(1).replaceAll("\\d+", "N").split("\\s+");
        return response.status() + " " + String.join(" ", java.util.Arrays.copyOf(words, Math.min(3, words.length)));
    }

    /** One selector thread and its share of the connections, in groups of {@link Workload#together()}. */
    private final class Loop implements Runnable {
        private final int share;
        private final long measureFrom;
        private final long measureTo;
        private final Histogram latencies = new Histogram(HIGHEST_MICROS, 3);
        private final Mac mac;
        private long requests;
        private long non2xx;
        private long unfulfilled;
        private long ioErrors;
        private long distinct;
        private final Map<String, Long> kinds = new TreeMap<>();
        private Throwable failure;

        Loop(int share, long measureFrom, long measureTo) {
            this.share = share;
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
                    Connection[] group = new Connection[workload.together()];
                    for (int j = 0; j < group.length; j++) {
                        group[j] = connect(selector, group, j);
                        open++;
                    }
                    sendGroup(group);
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
                                // The lost request is not sent again; the group goes on with a new connection.
                                connect(selector, connection.group, connection.slot);
                                sendIfAllAnswered(connection.group);
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

        /** Opens a connection, idle, as member {@code slot} of {@code group}. */
        private Connection connect(Selector selector, Connection[] group, int slot) throws IOException {
            InetSocketAddress address = addresses.get(connectionsOpened.getAndIncrement() % addresses.size());
            SocketChannel channel = SocketChannel.open(address);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            Connection connection = new Connection(channel, address, group, slot);
            connection.key = channel.register(selector, 0, connection);
            group[slot] = connection;
            return connection;
        }

        private void sendIfAllAnswered(Connection[] group) throws IOException {
            for (Connection member : group) {
                if (member.request != null) {
                    return;
                }
            }
            sendGroup(group);
        }

        private void sendGroup(Connection[] group) throws IOException {
            Workload.Request[] requests = workload.next(System.nanoTime());
            for (int i = 0; i < group.length; i++) {
                send(group[i], requests[i]);
            }
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
            Workload.Request request = connection.request;
            connection.request = null;
            if (connection.startNanos >= measureFrom && now <= measureTo) {
                requests++;
                if (request.first()) {
                    distinct++;
                }
                if (readAnswers) {
                    kinds.merge(kind(response), 1L, Long::sum);
                }
                latencies.recordValue(Math.min(HIGHEST_MICROS, (now - connection.startNanos) / 1000));
                if (response.status / 100 != 2) {
                    non2xx++;
                } else if (readAnswers && request.done() != null
                        && !request.done().matcher(response.body()).find()) {
                    unfulfilled++;
                }
            }
            connection.in.clear();
            if (now >= measureTo) {
                return false;
            }
            sendIfAllAnswered(connection.group);
            return true;
        }

        private void send(Connection connection, Workload.Request request) throws IOException {
            InetSocketAddress address = connection.address;
            long timestamp = System.currentTimeMillis() / 1000;
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            String signature = "v0=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
            byte[] head = ("POST /slack/events HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                    + "\r\nContent-Type: " + request.contentType() + "\r\nContent-Length: " + request.body().length
                    + "\r\nX-Slack-Request-Timestamp: " + timestamp + "\r\nX-Slack-Signature: " + signature + "\r\n"
                    + request.headers() + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            ByteBuffer out = ByteBuffer.allocate(head.length + request.body().length);
            out.put(head).put(request.body()).flip();
            connection.out = out;
            connection.request = request;
            connection.startNanos = System.nanoTime();
            connection.channel.write(out);
            connection.key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    private static final class Connection {
        final SocketChannel channel;
        final InetSocketAddress address;
        /** The connections whose requests go out together, this one at {@code slot}. */
        final Connection[] group;
        final int slot;
        SelectionKey key;
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        ByteBuffer out;
        /** The request in flight, or null while this connection waits for the rest of its group. */
        Workload.Request request;
        long startNanos;

        Connection(SocketChannel channel, InetSocketAddress address, Connection[] group, int slot) {
            this.channel = channel;
            this.address = address;
            this.group = group;
            this.slot = slot;
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
