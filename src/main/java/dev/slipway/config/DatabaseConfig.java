package dev.slipway.config;

/** {@code database:} — {@code url} absent means {@code jdbc:sqlite:slipway.db}. */
public record DatabaseConfig(String url, String username, String password, Integer maxPoolSize) {
}
