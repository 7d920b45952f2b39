package dev.slipway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One signed {@code /slipway help} on a fresh connection, as Slack would send it, for timing a server's start to
 * its first real answer (not just to its health check).
 */
final class SignedProbe {
    private SignedProbe() {
    }

    /** True on a 200; false while nothing listens, or it answers otherwise. {@code n} makes the trigger id unique. */
    static boolean answers(int port, int n) {
        byte[] body = Workload.slashCommand("help", "probe." + System.nanoTime() + "." + n);
        long timestamp = System.currentTimeMillis() / 1000;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
                    + "Content-Type: " + Workload.FORM + "\r\nContent-Length: " + body.length
                    + "\r\nX-Slack-Request-Timestamp: " + timestamp + "\r\nX-Slack-Signature: "
                    + sign(timestamp, body) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(12), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    static String sign(long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Bench.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
