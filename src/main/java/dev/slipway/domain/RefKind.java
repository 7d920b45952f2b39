package dev.slipway.domain;

import java.util.Optional;

/** Which grammar a deployment's ref follows: the one of what the backend deploys. */
public enum RefKind {
    /** A branch, tag or commit, as git names them ({@link GitRef}). */
    GIT("ref"),
    /** A container image, as registries name them ({@link ImageReference}); the ref is the image to run. */
    IMAGE("image reference"),
    /**
     * A runbook run's arguments as shown ({@link Runbook#shown}): checked against the runbook's parameters where
     * they enter, so here only their length and that they are one line.
     */
    RUNBOOK("runbook arguments");

    private final String noun;

    RefKind(String noun) {
        this.noun = noun;
    }

    /** What a ref of this kind is called in messages: "ref", "image reference". */
    public String noun() {
        return noun;
    }

    /** The first rule {@code ref} breaks, as words that follow "it" ({@code contains a space}); empty when valid. */
    public Optional<String> problem(String ref) {
        return switch (this) {
            case GIT -> GitRef.problem(ref);
            case IMAGE -> ImageReference.problem(ref);
            case RUNBOOK -> ref.length() > 4000 ? Optional.of("is too long")
                    : ref.codePoints().anyMatch(Character::isISOControl) ? Optional.of("contains a control character")
                    : Optional.empty();
        };
    }

    public boolean accepts(String ref) {
        return problem(ref).isEmpty();
    }

    /** Why {@code ref} is refused, quoting a short excerpt of it ("`a b` is not a valid ref: it contains a space."). */
    public Optional<String> refusal(String ref) {
        return problem(ref).map(problem -> "`%s` is not a valid %s: it %s.".formatted(Excerpt.of(ref), noun, problem));
    }
}
