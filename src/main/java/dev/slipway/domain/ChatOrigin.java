package dev.slipway.domain;

import java.util.Objects;

/**
 * Where a request came from and where Slipway reports back: the surface ("console", "slack", ...),
 * the channel and the thread (a message timestamp on Slack; may be null).
 */
public record ChatOrigin(String surface, String channel, String thread) {
    public ChatOrigin {
        Objects.requireNonNull(surface, "surface");
    }

    public static ChatOrigin console(String user) {
        return new ChatOrigin("console", "console:" + user, null);
    }

    public ChatOrigin withThread(String newThread) {
        return new ChatOrigin(surface, channel, newThread);
    }
}
