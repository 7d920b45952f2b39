package dev.slipway.chat.slack;

import com.slack.api.SlackConfig;

/**
 * How Slipway talks to Slack's Web API: at {@code apiUrl} when set (any Slack-compatible server), else Slack;
 * no response bodies or statistics logged.
 */
final class SlackApiConfig {
    private SlackApiConfig() {
    }

    static SlackConfig config(String apiUrl) {
        SlackConfig config = new SlackConfig();
        if (apiUrl != null) {
            config.setMethodsEndpointUrlPrefix(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
        }
        config.setPrettyResponseLoggingEnabled(false);
        config.setLibraryMaintainerMode(false);
        // The SDK's per-method call statistics cost a pool of threads and are not used.
        config.setStatsEnabled(false);
        return config;
    }
}
