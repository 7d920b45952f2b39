package dev.slipway.domain;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A ref pattern from an environment's {@code allowedRefs}: literal text where {@code *} matches any run of
 * characters, {@code /} included, or none. A pattern matches whole refs only, and only valid ones: {@code release/*}
 * matches {@code release/1.2} and {@code release/1.2/hotfix}, never {@code xrelease/1}, {@code release/} or
 * {@code release/a b}.
 */
public record RefPattern(String pattern) {
    private static final String STAR = "*";
    /** What stands for a {@code *} when checking that a pattern can match a valid ref: one harmless character. */
    private static final String ANY = "x";

    public RefPattern {
        java.util.Objects.requireNonNull(pattern, "pattern");
    }

    /** Whether {@code ref}, a valid ref of {@code kind}, matches; a ref that is not valid never does. */
    public boolean matches(RefKind kind, String ref) {
        return kind.accepts(ref) && matchesText(ref);
    }

    /** Whether {@code ref}, already known to be valid, matches: for {@link Policy}, which checks it once for all. */
    boolean matchesText(String ref) {
        StringBuilder regex = new StringBuilder();
        String[] literals = pattern.split(Pattern.quote(STAR), -1);
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literals[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(ref).matches();
    }

    /**
     * Why no valid ref of {@code kind} can match this pattern, as words that follow "every ref it matches"
     * ({@code contains a space}); empty when some can. For git refs this is exact: a pattern can match a valid ref
     * if and only if it is one with each {@code *} read as a plain letter, and what is left without the
     * {@code *}s is short enough. For image references only the characters are checked, since a {@code *} may
     * stand for a whole tag or digest.
     */
    public Optional<String> problem(RefKind kind) {
        String fixed = pattern.replace(STAR, "");
        if (kind == RefKind.IMAGE) {
            return ImageReference.characterProblem(fixed);
        }
        Optional<String> shape = GitRef.problemIgnoringLength(pattern.replace(STAR, ANY));
        if (shape.isPresent()) {
            return shape;
        }
        if (fixed.getBytes(StandardCharsets.UTF_8).length > GitRef.MAX_BYTES) {
            return Optional.of("is longer than " + GitRef.MAX_BYTES + " bytes");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
