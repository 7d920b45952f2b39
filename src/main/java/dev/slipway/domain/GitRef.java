package dev.slipway.domain;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Branch, tag and commit names as git accepts them ({@code git check-ref-format --allow-onelevel}), with two rules
 * of Slipway's own: no leading {@code -} (a ref must never read as an option of the command it is handed to) and
 * at most {@value #MAX_BYTES} bytes of UTF-8.
 *
 * <p>git's rules: no ASCII control character (below 0x20, or 0x7F), no space, none of {@code ~ ^ : ? * [ \}, no
 * {@code ..}, no {@code @{}, not {@code @} alone, no part between slashes that starts with {@code .} or ends with
 * {@code .lock}, no leading or trailing {@code /}, no {@code //}, no trailing {@code .}. Everything else is allowed,
 * including shell punctuation such as {@code ;}, {@code $}, quotes and back-quotes: a valid ref is still untrusted
 * text and must reach commands as a literal argument.
 */
public final class GitRef {
    public static final int MAX_BYTES = 255;
    private static final String FORBIDDEN = "~^:?*[\\";

    private GitRef() {
    }

    public static boolean isValid(String ref) {
        return problem(ref).isEmpty();
    }

    /**
     * The first rule {@code ref} breaks, as words that follow "it" ({@code contains a space}), or empty when it is
     * a valid ref.
     */
    public static Optional<String> problem(String ref) {
        if (ref == null || ref.isEmpty()) {
            return Optional.of("is empty");
        }
        Optional<String> text = textProblem(ref);
        if (text.isPresent()) {
            return text;
        }
        if (ref.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("is longer than " + MAX_BYTES + " bytes");
        }
        return shapeProblem(ref);
    }

    /**
     * Like {@link #problem} but without the length limit: for patterns, where what a {@code *} stands for is not
     * known, so the length is checked on what is left without it.
     */
    static Optional<String> problemIgnoringLength(String ref) {
        if (ref.isEmpty()) {
            return Optional.of("is empty");
        }
        return textProblem(ref).or(() -> shapeProblem(ref));
    }

    /** Characters that may appear nowhere in a ref, and text that is not Unicode at all. */
    private static Optional<String> textProblem(String ref) {
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < ref.length()
                        && Character.isLowSurrogate(ref.charAt(i + 1));
                if (!paired) {
                    return Optional.of("is not valid Unicode text");
                }
                i++;
            } else if (c < 0x20 || c == 0x7F) {
                return Optional.of("contains a control character (" + Excerpt.codePoint(c) + ")");
            } else if (c == ' ') {
                return Optional.of("contains a space");
            } else if (FORBIDDEN.indexOf(c) >= 0) {
                return Optional.of("contains `" + c + "`");
            }
        }
        return Optional.empty();
    }

    /** Rules on how the characters are arranged. */
    private static Optional<String> shapeProblem(String ref) {
        if (ref.equals("@")) {
            return Optional.of("is `@` alone");
        }
        if (ref.contains("..")) {
            return Optional.of("contains `..`");
        }
        if (ref.contains("@{")) {
            return Optional.of("contains `@{`");
        }
        if (ref.startsWith("/")) {
            return Optional.of("starts with `/`");
        }
        if (ref.endsWith("/")) {
            return Optional.of("ends with `/`");
        }
        if (ref.contains("//")) {
            return Optional.of("contains `//`");
        }
        String[] parts = ref.split("/");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].startsWith(".")) {
                return Optional.of(i == 0 ? "starts with `.`" : "has a `.` right after a `/`");
            }
            if (parts[i].endsWith(".lock")) {
                return Optional.of(i == parts.length - 1 ? "ends with `.lock`" : "has `.lock` right before a `/`");
            }
        }
        if (ref.endsWith(".")) {
            return Optional.of("ends with `.`");
        }
        if (ref.startsWith("-")) {
            return Optional.of("starts with `-`");
        }
        return Optional.empty();
    }
}
