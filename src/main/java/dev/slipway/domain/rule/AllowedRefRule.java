package dev.slipway.domain.rule;

import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Excerpt;
import dev.slipway.domain.Refusal;
import java.util.Optional;
import java.util.stream.Collectors;

/** Refuses refs that the environment's {@code allowedRefs} do not match. */
public final class AllowedRefRule implements DeployRule {
    @Override
    public Optional<Refusal> check(DeployAttempt attempt) {
        Optional<String> malformed = attempt.refKind().refusal(attempt.ref());
        if (malformed.isPresent()) {
            return Optional.of(new Refusal(ErrorCode.BAD_REF, malformed.get())); // patterns never match such a ref
        }
        if (attempt.environment().policy().allowsRef(attempt.refKind(), attempt.ref())) {
            return Optional.empty();
        }
        String allowed = attempt.environment().policy().allowedRefs().stream()
                .map(Object::toString).collect(Collectors.joining(", "));
        return Optional.of(new Refusal(ErrorCode.REF_NOT_ALLOWED,
                "%s %s only accepts %s; `%s` is not allowed there.".formatted(
                        attempt.project().id(), attempt.environment().name(), allowed, Excerpt.of(attempt.ref()))));
    }
}
