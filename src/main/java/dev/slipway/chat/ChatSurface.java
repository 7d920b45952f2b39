package dev.slipway.chat;

/**
 * A way for people to talk to Slipway (the console, Slack). A surface turns what people say into commands
 * for the shared dispatcher; its {@link ChatNotifier} reports deployments back under the same {@link #name()}.
 */
public interface ChatSurface {
    /** The surface's name, as recorded in {@link dev.slipway.domain.ChatOrigin#surface()}. */
    String name();
}
