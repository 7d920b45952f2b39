package dev.slipway.config;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in a scalar value; {@code $${} stays a literal {@code ${}.
 * As in a shell, the default also replaces a variable that is set but empty.
 */
final class EnvInterpolation {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String DEFAULT_SEPARATOR = ":-";

    private final Function<String, String> environment;

    EnvInterpolation(Function<String, String> environment) {
        this.environment = environment;
    }

    /** The expanded text; each problem goes to {@code problems}, and the result is then meaningless. */
    String expand(String text, Consumer<String> problems) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    problems.accept("unterminated ${ (write $${ for a literal ${)");
                    return text;
                }
                out.append(resolve(text.substring(i + 2, close), problems));
                i = close + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private String resolve(String expression, Consumer<String> problems) {
        int separator = expression.indexOf(DEFAULT_SEPARATOR);
        String name = separator < 0 ? expression : expression.substring(0, separator);
        String fallback = separator < 0 ? null : expression.substring(separator + DEFAULT_SEPARATOR.length());
        if (!NAME.matcher(name).matches()) {
            problems.accept("\"" + name + "\" is not a valid environment variable name");
            return "";
        }
        String value = environment.apply(name);
        if (fallback != null && (value == null || value.isEmpty())) {
            return fallback;
        }
        if (value == null) {
            problems.accept("environment variable " + name + " is not set");
            return "";
        }
        return value;
    }
}
