package dev.slipway.bench;

import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The floor Slipway is measured against: Javalin answering {@code POST /slack/events} after checking Slack's v0
 * signature and timestamp window, and nothing else — no Bolt, no parsing, no database.
 *
 * <p>{@code java -cp ... dev.slipway.bench.BaselineServer <port> <signing secret>}
 */
public final class BaselineServer {
    private static final long WINDOW_SECONDS = 300;

    private BaselineServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        byte[] secret = args[1].getBytes(StandardCharsets.UTF_8);
        ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret, "HmacSHA256"));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/healthz", ctx -> ctx.result("ok"));
            config.routes.post("/slack/events", ctx -> {
                String timestamp = ctx.header("X-Slack-Request-Timestamp");
                String signature = ctx.header("X-Slack-Signature");
                if (!valid(macs.get(), timestamp, signature, ctx.bodyAsBytes())) {
                    ctx.status(401).result("invalid, stale or missing Slack signature\n");
                    return;
                }
                ctx.status(200);
            });
        }).start("127.0.0.1", port);
    }

    private static boolean valid(Mac mac, String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null || !signature.startsWith("v0=")) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - seconds) > WINDOW_SECONDS) {
            return false;
        }
        mac.update(("v0:" + timestamp.trim() + ":").getBytes(StandardCharsets.UTF_8));
        byte[] expected = ("v0=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }
}
