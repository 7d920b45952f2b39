package dev.slipway.config;

/**
 * {@code slack:} — one workspace's app. {@code apiUrl} points the Web API client at any Slack-compatible
 * server; {@code socketMode} with {@code appToken} receives events over a WebSocket instead of HTTP;
 * {@code runbookCommand} is the second slash command, the short way to run a runbook.
 */
public record SlackConfig(String signingSecret, String botToken, String appToken, String apiUrl, String command,
                          Boolean socketMode, KeywordsConfig keywords, String runbookCommand) {

    /** Without a runbook command of its own name (the default one then). */
    public SlackConfig(String signingSecret, String botToken, String appToken, String apiUrl, String command,
                       Boolean socketMode, KeywordsConfig keywords) {
        this(signingSecret, botToken, appToken, apiUrl, command, socketMode, keywords, null);
    }
}
