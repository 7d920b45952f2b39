package dev.slipway.chat.slack;

import io.micrometer.core.instrument.MeterRegistry;
import dev.slipway.chat.ChatDeliveryException;
import dev.slipway.domain.WorkspaceChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Which bot token speaks in a channel: the one token of a single-workspace app, or the token the channel's
 * workspace stored when it installed the app. A channel address without a workspace ({@link WorkspaceChannel}) is
 * spoken to with the only installation there is, and refused when there are several: guessing would post with
 * another workspace's token.
 */
final class SlackWorkspaces {
    /** The stored bot tokens of the workspaces that installed the app. */
    interface Tokens {
        /** The bot token of {@code team}, or null when it has not installed the app (or uninstalled it). */
        String botToken(String team);

        /** The token of the only installation, or null when there is none or there are several. */
        String onlyBotToken();
    }

    private final SlackWebClient.Connections connections;
    private final String singleToken;
    private final Supplier<? extends Tokens> installed;
    private final Map<String, SlackWebClient> byToken = new ConcurrentHashMap<>();

    private SlackWorkspaces(SlackWebClient.Connections connections, String singleToken,
                            Supplier<? extends Tokens> installed) {
        this.connections = connections;
        this.singleToken = singleToken;
        this.installed = installed;
    }

    static SlackWorkspaces single(String apiUrl, String botToken, MeterRegistry registry) {
        return new SlackWorkspaces(new SlackWebClient.Connections(apiUrl, registry), botToken, null);
    }

    /** With the installations {@code tokens} gives once Slipway's store is open. */
    static SlackWorkspaces installed(String apiUrl, Supplier<? extends Tokens> tokens, MeterRegistry registry) {
        return new SlackWorkspaces(new SlackWebClient.Connections(apiUrl, registry), null, tokens);
    }

    /** The client for the workspace of {@code address}; a workspace without an installation is not retried. */
    SlackWebClient client(String address) throws ChatDeliveryException {
        String token = singleToken;
        if (installed != null) {
            String team = WorkspaceChannel.team(address);
            Tokens tokens = installed.get();
            token = team != null ? tokens.botToken(team) : tokens.onlyBotToken();
            if (token == null) {
                throw new ChatDeliveryException(team != null
                        ? "Slipway is not installed in workspace " + team + " (or was uninstalled); nothing was posted"
                        : "channel " + address + " names no workspace and Slipway is installed in none or several;"
                        + " set the project's team", false, null);
            }
        }
        return byToken.computeIfAbsent(token, connections::client);
    }
}
