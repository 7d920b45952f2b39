package dev.slipway.chat.slack;

import java.util.List;

/** The bot scopes Slipway asks for when a workspace installs it; the app manifest declares the same list. */
public final class SlackScopes {
    public static final List<String> BOT = List.of(
            "app_mentions:read", // @slipway release
            "chat:write", // the deployment report and its thread
            "chat:write.public", // reports in public channels the bot was not invited to
            "commands", // /slipway, /runbook
            "reactions:write", // eyes, check mark, cross on the asking message
            "im:write"); // direct messages to owners and QA (review flow)

    private SlackScopes() {
    }

    static String joined() {
        return String.join(",", BOT);
    }
}
