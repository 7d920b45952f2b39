package dev.slipway.chat.slack;

import com.slack.api.SlackConfig;

/** How Slipway talks to Slack's Web API: at {@code apiUrl} when set (any Slack-compatible server), else Slack. */
final class SlackApiConfig {
    private SlackApiConfig() {
    }

    static SlackConfig config(String apiUrl) {
        SlackConfig config = new SlackConfig();
        if (apiUrl != null) {
            config.setMethodsEndpointUrlPrefix(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
        }
        config.setPrettyResponseLoggingEnabled(false);
        return config;
    }
}
