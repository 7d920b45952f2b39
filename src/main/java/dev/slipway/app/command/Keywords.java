package dev.slipway.app.command;

import java.util.List;
import java.util.Locale;

/**
 * Words people use instead of commands: more words for {@code release} (リリース), and thank-you words
 * (よろ, thanks) that get a friendly answer. A thank-you matches at the start of the text, so よろしく counts.
 */
public record Keywords(List<String> release, List<String> thanks) {
    public Keywords {
        release = release.stream().map(word -> word.toLowerCase(Locale.ROOT)).toList();
        thanks = thanks.stream().map(word -> word.toLowerCase(Locale.ROOT)).toList();
    }

    public static Keywords none() {
        return new Keywords(List.of(), List.of());
    }

    boolean isRelease(String word) {
        return release.contains(word.toLowerCase(Locale.ROOT));
    }

    boolean isThanks(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return thanks.stream().anyMatch(lower::startsWith);
    }
}
