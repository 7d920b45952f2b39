package dev.slipway.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A chat channel bound by {@code setup} to the project that deploys from {@code repository} ({@code owner/name} as
 * the code host spells it), by {@code boundBy} at {@code boundAt}.
 */
public record ChannelBinding(String channel, String project, String repository, String boundBy, Instant boundAt) {
    public ChannelBinding {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(boundBy, "boundBy");
        Objects.requireNonNull(boundAt, "boundAt");
    }
}
