package dev.slipway.config;

/**
 * {@code slack:} — one workspace's app. {@code apiUrl} points the Web API client at any Slack-compatible
 * server; {@code socketMode} with {@code appToken} receives events over a WebSocket instead of HTTP.
 */
public record SlackConfig(String signingSecret, String botToken, String appToken, String apiUrl, String command,
                          Boolean socketMode, KeywordsConfig keywords) {
}
