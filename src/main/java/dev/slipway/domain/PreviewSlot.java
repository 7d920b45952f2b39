package dev.slipway.domain;

import java.util.Objects;

/**
 * Where in a project's preview environment one build lives: its type ({@code branch} or {@code tag}) and its
 * target as a DNS label ({@code feature-login}). Every target has a slot of its own, so previews of different
 * branches run side by side.
 */
public record PreviewSlot(String type, String target) {
    public PreviewSlot {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
    }

    /** How the slot is stored with a deployment: {@code branch/feature-login}. */
    public String key() {
        return type + "/" + target;
    }

    public static PreviewSlot fromKey(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a preview slot: " + key);
        }
        return new PreviewSlot(key.substring(0, slash), key.substring(slash + 1));
    }
}
