package dev.slipway.config;

/** {@code server:} — port 0 means any free port; {@code host} is the address to listen on (default all). */
public record ServerConfig(Integer port, String publicUrl, String host) {
}
