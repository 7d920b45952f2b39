package dev.slipway.domain;

import java.util.regex.Pattern;

/** A ref pattern from an environment's {@code allowedRefs}: literal text where {@code *} matches any run of characters. */
public record RefPattern(String pattern) {
    public boolean matches(String ref) {
        StringBuilder regex = new StringBuilder();
        String[] literals = pattern.split("\\*", -1);
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literals[i]));
        }
        return Pattern.matches(regex.toString(), ref);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
