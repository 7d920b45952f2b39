package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Slack's Socket Mode end on 127.0.0.1: the WebSocket that {@code apps.connections.open} hands out. Made by
 * {@link FakeSlack#socketMode(String)}, closed with it.
 *
 * <pre>{@code
 * FakeSlackSocketMode socket = slack.socketMode(FakeSlackSocketMode.APP_TOKEN);
 * ... start the app with that app token and slack.apiUrl() ...
 * await().until(socket::isConnected);
 * String id = socket.pushEvent(SlackRequests.mention(...));       // an events_api envelope
 * await().until(() -> socket.ack(id).isPresent());               // {"envelope_id":id,...} came back
 * }</pre>
 *
 * <ul>
 *   <li>{@code apps.connections.open} answers {@code ws://127.0.0.1:<port>/link?ticket=<new ticket>}; a connection
 *       with a ticket it never issued is closed with 1008 (policy violation).</li>
 *   <li>On connect it sends {@code hello}, as Slack does, and then nothing until an envelope is pushed.</li>
 *   <li>Envelopes go to the newest open connection, as Slack sends each envelope over one of them.</li>
 *   <li>Every acknowledgement ({@code {"envelope_id":…,"payload":{…}}}) is recorded, in order.</li>
 * </ul>
 * All methods are thread-safe.
 */
public final class FakeSlackSocketMode implements AutoCloseable {
    /** An app-level token, the kind {@code apps.connections.open} wants. */
    public static final String APP_TOKEN = "xapp-1-A0001-0000000000001-FakeAppToken0001";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the client sent back for one envelope; {@code payload} is null when it sent none. */
    public record Ack(String envelopeId, JsonNode payload) {
    }

    private final Server server;
    private final Set<String> tickets = new HashSet<>();
    private final List<WebSocket> open = new ArrayList<>();
    private final List<Ack> acks = new ArrayList<>();
    private final List<String> received = new ArrayList<>();
    private int envelopes;

    FakeSlackSocketMode() {
        server = new Server();
        server.setReuseAddr(true);
        server.start();
        try {
            if (!server.started.await(10, TimeUnit.SECONDS) || server.getPort() == 0) {
                throw new IllegalStateException("the Socket Mode server did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new connection URL, as {@code apps.connections.open} returns it. */
    synchronized String issueUrl() {
        String ticket = UUID.randomUUID().toString();
        tickets.add(ticket);
        return "ws://127.0.0.1:" + server.getPort() + "/link?ticket=" + ticket;
    }

    public synchronized boolean isConnected() {
        return !open.isEmpty();
    }

    /** Pushes an {@code events_api} envelope around {@code eventCallback} (a whole event_callback body); returns its id. */
    public String pushEvent(String eventCallback) {
        return pushEvent(nextEnvelopeId(), eventCallback, 0, "");
    }

    /** Pushes an {@code events_api} envelope with this id again, as Slack does when it got no acknowledgement in time. */
    public String pushEvent(String envelopeId, String eventCallback, int retryAttempt, String retryReason) {
        ObjectNode envelope = JSON.createObjectNode().put("envelope_id", envelopeId).put("type", "events_api")
                .put("accepts_response_payload", false);
        envelope.set("payload", parse(eventCallback));
        envelope.put("retry_attempt", retryAttempt).put("retry_reason", retryReason);
        push(envelope);
        return envelopeId;
    }

    /** Pushes a {@code slash_commands} envelope whose payload holds {@code fields} (the fields of the HTTP form); returns its id. */
    public String pushSlashCommand(Map<String, String> fields) {
        String envelopeId = nextEnvelopeId();
        ObjectNode envelope = JSON.createObjectNode().put("envelope_id", envelopeId).put("type", "slash_commands")
                .put("accepts_response_payload", true);
        envelope.set("payload", JSON.valueToTree(fields));
        push(envelope);
        return envelopeId;
    }

    /** Every acknowledgement so far, oldest first. */
    public synchronized List<Ack> acks() {
        return List.copyOf(acks);
    }

    /** The first acknowledgement of {@code envelopeId}, once it has arrived. */
    public synchronized Optional<Ack> ack(String envelopeId) {
        return acks.stream().filter(ack -> envelopeId.equals(ack.envelopeId())).findFirst();
    }

    /** Every text frame the client sent, acknowledgements and anything else, oldest first. */
    public synchronized List<String> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        try {
            server.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized String nextEnvelopeId() {
        envelopes++;
        return "%08x-0000-4000-8000-%012d".formatted(envelopes, envelopes);
    }

    private synchronized void push(ObjectNode envelope) {
        if (open.isEmpty()) {
            throw new IllegalStateException("no Socket Mode connection to push to");
        }
        open.get(open.size() - 1).send(envelope.toString());
    }

    private synchronized void opened(WebSocket socket, String resource) {
        String ticket = resource.contains("ticket=") ? resource.substring(resource.indexOf("ticket=") + "ticket=".length()) : "";
        if (!tickets.contains(ticket)) {
            socket.close(1008, "unknown ticket");
            return;
        }
        open.add(socket);
        socket.send("""
                {"type":"hello","num_connections":%d,"debug_info":{"host":"applink-fake","build_number":1,\
                "approximate_connection_time":18060},"connection_info":{"app_id":"A0001"}}""".formatted(open.size()));
    }

    private synchronized void closed(WebSocket socket) {
        open.remove(socket);
    }

    private synchronized void message(String text) {
        received.add(text);
        JsonNode frame = parse(text);
        if (frame.hasNonNull("envelope_id")) {
            acks.add(new Ack(frame.get("envelope_id").asText(), frame.get("payload")));
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Server extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);

        Server() {
            super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        }

        @Override
        public void onOpen(WebSocket socket, ClientHandshake handshake) {
            opened(socket, handshake.getResourceDescriptor());
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean remote) {
            closed(socket);
        }

        @Override
        public void onMessage(WebSocket socket, String message) {
            FakeSlackSocketMode.this.message(message);
        }

        @Override
        public void onError(WebSocket socket, Exception e) {
            if (socket == null) {
                started.countDown(); // failed to bind: the constructor's wait ends and getPort() says 0
            }
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
