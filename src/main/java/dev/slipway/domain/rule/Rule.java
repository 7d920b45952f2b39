package dev.slipway.domain.rule;

/**
 * One "may this person do this here now?". Rules are pure: they read the attempt and pass, refuse with a stable
 * {@link dev.slipway.domain.ErrorCode} and a sentence a person understands, or make a deployment wait.
 */
public interface Rule {
    Ruling check(Attempt attempt);
}
