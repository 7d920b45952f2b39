package dev.slipway.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A chat user's claim to a code host login ({@code login} as GitHub spells it), made with {@code hello}. Logins
 * compare in any case, as GitHub's do: {@link #key} is what they compare by.
 */
public record PersonLink(String chatUser, String login, Instant linkedAt) {
    public PersonLink {
        Objects.requireNonNull(chatUser, "chatUser");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(linkedAt, "linkedAt");
    }

    public String loginKey() {
        return key(login);
    }

    /** What two spellings of the same login have in common. */
    public static String key(String login) {
        return login.toLowerCase(Locale.ROOT);
    }
}
