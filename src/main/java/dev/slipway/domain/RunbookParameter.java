package dev.slipway.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One parameter a runbook takes, as its allow-list entry declares it.
 *
 * @param pattern      a regular expression the whole value must match, or null
 * @param values       the only values allowed; empty for any (that the pattern allows)
 * @param defaultValue what the runbook gets when a person gives no value, or null
 * @param secret       its value is masked wherever Slipway shows or records it (chat, audit, history)
 */
public record RunbookParameter(String name, boolean required, Pattern pattern, List<String> values,
                               String defaultValue, boolean secret) {
    /** Longest value a person may give: runbook parameters are words and short sentences, not documents. */
    public static final int MAX_VALUE_LENGTH = 500;
    public static final String MASK = "***";

    public RunbookParameter {
        Objects.requireNonNull(name, "name");
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** Why {@code value} is refused, in words that follow its name ("must be one of staging, production"). */
    public Optional<String> problem(String value) {
        if (value.length() > MAX_VALUE_LENGTH) {
            return Optional.of("is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            return Optional.of("contains a control character");
        }
        if (!values.isEmpty() && !values.contains(value)) {
            return Optional.of("must be one of " + String.join(", ", values));
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            return Optional.of("must match " + pattern.pattern());
        }
        return Optional.empty();
    }

    /** How the value is shown: masked for a secret one, quoted when it has spaces. */
    public String shown(String value) {
        if (secret) {
            return MASK;
        }
        return value.isEmpty() || value.chars().anyMatch(Character::isWhitespace) || value.contains("\"")
                ? "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : value;
    }

    /** Its usage: {@code <environment: staging|production>}, {@code [reason]}. */
    public String usage() {
        String inner = name + (values.isEmpty() ? "" : ": " + String.join("|", values))
                + (defaultValue != null ? " = " + (secret ? MASK : defaultValue) : "");
        return required ? "<" + inner + ">" : "[" + inner + "]";
    }
}
