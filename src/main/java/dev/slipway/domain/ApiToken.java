package dev.slipway.domain;

import java.util.Objects;

/** An API token just created: its {@code secret} is shown this once and never again, and never by {@link #toString()}. */
public record ApiToken(String name, String user, String secret) {
    public ApiToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "ApiToken[name=" + name + ", user=" + user + "]";
    }
}
