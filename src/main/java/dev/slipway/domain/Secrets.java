package dev.slipway.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The secret values of a configuration (tokens, signing secrets, passwords), so that text Slipway stores or shows —
 * a script's output, an error a provider sent back — never carries one: each occurrence becomes {@link #MASK}
 * (after a prefix such as {@code xoxb-} that only tells the kind of token), and so does anything else shaped like a
 * token ({@link TokenShapes}).
 */
public final class Secrets {
    public static final String MASK = TokenShapes.MASK;
    /** Shorter values would mask ordinary words; nobody can use a secret this short anyway. */
    static final int MIN_LENGTH = 4;

    private final List<String> values;

    public Secrets(java.util.Collection<String> values) {
        // Longest first, so a secret that contains another is masked whole.
        this.values = values.stream().filter(Objects::nonNull).filter(v -> v.length() >= MIN_LENGTH).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public static Secrets none() {
        return new Secrets(List.of());
    }

    /** {@code text} with every secret value and token shape masked; null stays null. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String value : values) {
            if (masked.contains(value)) {
                masked = masked.replace(value, TokenShapes.prefix(value) + MASK);
            }
        }
        return TokenShapes.mask(masked);
    }

    public List<String> mask(List<String> lines) {
        return lines.stream().map(this::mask).toList();
    }

    /**
     * {@code text} masked and fit to be shown to people as one line ({@link PublicText}): what a summary of a run or
     * a failure carries.
     */
    public String shown(String text) {
        return PublicText.of(mask(text));
    }

    public int size() {
        return values.size();
    }
}
