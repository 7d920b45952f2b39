package dev.slipway.config;

/** {@code hooks:} — the secrets inbound hooks are checked against; a hook whose secret is unset refuses every call. */
public record HooksConfig(String notifyToken, String gitlabToken) {
}
