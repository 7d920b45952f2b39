package dev.slipway.config;

/** {@code server:} — port 0 means any free port. */
public record ServerConfig(Integer port, String publicUrl) {
}
