package dev.slipway.config;

import java.time.Duration;

/**
 * {@code server:} — port 0 means any free port; {@code host} is the address to listen on (default all);
 * {@code requestTimeout} is how long a client may take to send a request's headers, and again its body (default
 * 10s), before it is cut off.
 */
public record ServerConfig(Integer port, String publicUrl, String host, Duration requestTimeout) {
}
