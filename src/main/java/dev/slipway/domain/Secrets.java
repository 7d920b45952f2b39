package dev.slipway.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The secret values of a configuration (tokens, signing secrets, passwords), so that text Slipway stores or shows —
 * a script's output, an error a provider sent back — never carries one: each occurrence becomes {@link #MASK}.
 */
public final class Secrets {
    public static final String MASK = "[secret]";
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

    /** {@code text} with every secret value replaced by {@link #MASK}; null stays null. */
    public String mask(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String value : values) {
            if (masked.contains(value)) {
                masked = masked.replace(value, MASK);
            }
        }
        return masked;
    }

    public List<String> mask(List<String> lines) {
        return values.isEmpty() ? lines : lines.stream().map(this::mask).toList();
    }

    public int size() {
        return values.size();
    }
}
