package dev.slipway.config;

/**
 * {@code slack:} — the Slack app. With {@code botToken} it serves one workspace; without it, and with
 * {@code clientId} and {@code clientSecret}, it is a distributable app that workspaces install through OAuth
 * ({@code /slack/install}), each served with its own stored token. {@code apiUrl} points the Web API client at any
 * Slack-compatible server; {@code socketMode} with {@code appToken} receives events over a WebSocket instead of
 * HTTP; {@code runbookCommand} is the second slash command, the short way to run a runbook.
 */
public record SlackConfig(String signingSecret, String botToken, String appToken, String apiUrl, String command,
                          Boolean socketMode, KeywordsConfig keywords, String runbookCommand, String clientId,
                          String clientSecret) {

    /** Without a runbook command of its own name (the default one then). */
    public SlackConfig(String signingSecret, String botToken, String appToken, String apiUrl, String command,
                       Boolean socketMode, KeywordsConfig keywords) {
        this(signingSecret, botToken, appToken, apiUrl, command, socketMode, keywords, null);
    }

    /** A single-workspace app. */
    public SlackConfig(String signingSecret, String botToken, String appToken, String apiUrl, String command,
                       Boolean socketMode, KeywordsConfig keywords, String runbookCommand) {
        this(signingSecret, botToken, appToken, apiUrl, command, socketMode, keywords, runbookCommand, null, null);
    }

    /** True when workspaces install the app through OAuth rather than it holding one bot token. */
    public boolean distributed() {
        return botToken == null && clientId != null;
    }
}
