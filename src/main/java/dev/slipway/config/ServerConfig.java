package dev.slipway.config;

import java.time.Duration;

/**
 * {@code server:} — port 0 means any free port; {@code host} is the address to listen on (default all);
 * {@code requestTimeout} is how long a client may take to send a request's headers, and again its body (default
 * 10s), before it is cut off; {@code metricsToken}, when set, is the bearer token {@code GET /metrics} asks for.
 */
public record ServerConfig(Integer port, String publicUrl, String host, Duration requestTimeout, String metricsToken) {

    /** Without a metrics token: {@code /metrics} is open to whoever reaches the port. */
    public ServerConfig(Integer port, String publicUrl, String host, Duration requestTimeout) {
        this(port, publicUrl, host, requestTimeout, null);
    }
}
