package dev.slipway.app;

import dev.slipway.domain.ChatOrigin;
import java.util.List;
import java.util.Objects;

/**
 * Something a person said to Slipway on a surface that expects an answer later, not in the response to its
 * request (a Slack mention, a button press).
 *
 * @param keys       every key that identifies this request (an event id, the message's team/channel/ts); a
 *                   request with any key seen before is a duplicate
 * @param privately  answer only to {@code user} (an ephemeral message), not to the whole channel
 */
public record ChatRequest(List<String> keys, ChatOrigin origin, String user, String text, boolean privately) {
    public ChatRequest {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one key");
        }
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(user, "user");
        text = text == null ? "" : text;
    }

    /** The key the request's effects are recorded under (a deployment it starts, for one). */
    public String primaryKey() {
        return keys.get(0);
    }

    // A job payload is plain text so that use cases need no serialisation library: one field a line, text last.
    public String toPayload() {
        return String.join("\n", String.join(" ", keys), origin.surface(), origin.channel(),
                orEmpty(origin.thread()), orEmpty(origin.message()), user, Boolean.toString(privately), text);
    }

    public static ChatRequest fromPayload(String payload) {
        String[] f = payload.split("\n", 8);
        return new ChatRequest(List.of(f[0].split(" ")), new ChatOrigin(f[1], f[2], orNull(f[3]), orNull(f[4])),
                f[5], f[7], Boolean.parseBoolean(f[6]));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String orNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
