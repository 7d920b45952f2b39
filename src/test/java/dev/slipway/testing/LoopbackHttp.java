package dev.slipway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Plain HTTP calls to a Slipway server on 127.0.0.1, for the endpoints that are not Slack's. */
public final class LoopbackHttp {
    private LoopbackHttp() {
    }

    /** A server on 127.0.0.1 and a free port, already started, that hands every request to {@code handler}. */
    public static com.sun.net.httpserver.HttpServer serve(com.sun.net.httpserver.HttpHandler handler,
                                                          java.util.concurrent.Executor executor) {
        com.sun.net.httpserver.HttpServer server;
        try {
            server = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        return server;
    }

    public static HttpResponse<String> get(int port, String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).GET());
    }

    /** A POST with {@code contentType} (none when null) and {@code headers}, whose own Content-Type is ignored. */
    public static HttpResponse<String> post(int port, String path, String contentType, String body,
                                            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                request.header(name, value);
            }
        });
        return send(request);
    }

    /**
     * The status a POST of {@code body} gets when it asks first ({@code Expect: 100-continue}), as curl does for
     * bodies over 1 MiB: a server that refuses a body by its declared length answers and closes, and a client
     * still writing the body could lose that answer to a reset. (The JDK's HttpClient 17 hangs on a refusal it
     * asked for, so this speaks HTTP/1.1 on a socket.)
     */
    public static int statusOfPostAskingFirst(int port, String path, String contentType, String body,
                                              Map<String, String> headers) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                + contentType + "\r\nContent-Length: " + content.length + "\r\nExpect: 100-continue\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            int status = statusOf(socket.getInputStream());
            if (status != 100) {
                return status;
            }
            out.write(content);
            out.flush();
            return statusOf(socket.getInputStream());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reads one response head and returns its status. */
    private static int statusOf(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before a response: " + head);
            }
            head.write(b);
        }
        return Integer.parseInt(head.toString(StandardCharsets.ISO_8859_1).substring(9, 12));
    }

    /**
     * Sends {@code request} on a connection of its own (no pooled one a restarted server may have closed); its
     * answer, or an unchecked failure.
     */
    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
