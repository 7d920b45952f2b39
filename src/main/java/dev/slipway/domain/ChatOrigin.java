package dev.slipway.domain;

import java.util.Objects;

/**
 * Where a request came from and where Slipway reports back: the surface ("console", "slack", ...), the channel,
 * the thread to report in (a message timestamp on Slack; null when the report starts a thread of its own) and
 * the asking message itself (where a surface shows a reaction; null when there is none, as for a slash command).
 * A mention at a channel's top level starts its own thread: its thread and message are the same.
 */
public record ChatOrigin(String surface, String channel, String thread, String message) {
    public ChatOrigin {
        Objects.requireNonNull(surface, "surface");
    }

    /** An origin whose asking message is the thread's first message (or, with no thread, absent). */
    public ChatOrigin(String surface, String channel, String thread) {
        this(surface, channel, thread, thread);
    }

    public static ChatOrigin console(String user) {
        return new ChatOrigin("console", "console:" + user, null);
    }

    public ChatOrigin withThread(String newThread) {
        return new ChatOrigin(surface, channel, newThread, message);
    }
}
