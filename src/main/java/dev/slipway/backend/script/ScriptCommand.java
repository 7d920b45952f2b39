package dev.slipway.backend.script;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A script backend's {@code command} made safe to hand to {@code /bin/sh -c}: every placeholder becomes a quoted
 * reference to the environment variable that carries its value ({@code {{ref}}} → {@code "${SLIPWAY_REF}"}), so the
 * shell expands it as one literal word and never parses it as code. Values are never pasted into the line.
 *
 * <p>That only holds where the shell reads a word as plain, unquoted text, so a placeholder anywhere else — inside
 * quotes, a {@code $(…)}, backticks, {@code ${…}} or a here-document — is refused when the configuration is loaded,
 * with a message saying to write it bare or to use the variable ({@code "$SLIPWAY_REF"}) there instead.
 */
final class ScriptCommand {
    /** Each placeholder and the variable that carries its value into the script's environment. */
    static final Map<String, String> VARIABLES = variables();

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");

    private enum Context { TOP, SINGLE, DOUBLE, BACKTICK, SUBSHELL, PARAMETER }

    private ScriptCommand() {
    }

    private static Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("project", "SLIPWAY_PROJECT");
        variables.put("environment", "SLIPWAY_ENVIRONMENT");
        variables.put("ref", "SLIPWAY_REF");
        variables.put("deployment", "SLIPWAY_DEPLOYMENT_ID");
        variables.put("user", "SLIPWAY_USER");
        variables.put("channel", "SLIPWAY_CHANNEL");
        variables.put("thread", "SLIPWAY_THREAD");
        variables.put("providerDeployment", "SLIPWAY_PROVIDER_DEPLOYMENT");
        return Map.copyOf(variables);
    }

    /**
     * The shell line to run for {@code template}.
     *
     * @throws IllegalArgumentException naming the first placeholder that is unknown or not written as plain text
     */
    static String toShell(String template) {
        StringBuilder out = new StringBuilder(template.length() + 32);
        Deque<Context> stack = new ArrayDeque<>();
        stack.push(Context.TOP);
        Deque<Integer> parens = new ArrayDeque<>();
        boolean hereDocument = false;
        Matcher placeholder = PLACEHOLDER.matcher(template);
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            Context context = stack.peek();
            if (placeholder.region(i, template.length()).lookingAt()) {
                String name = placeholder.group(1);
                String variable = VARIABLES.get(name);
                if (variable == null) {
                    throw new IllegalArgumentException("unknown placeholder " + placeholder.group()
                            + "; known: " + known());
                }
                if (context != Context.TOP || hereDocument) {
                    throw new IllegalArgumentException(placeholder.group() + " is " + where(context, hereDocument)
                            + ", where the shell would not take its value as one literal word: write it bare"
                            + " (Slipway quotes it) or use \"$" + variable + "\" there");
                }
                out.append("\"${").append(variable).append("}\"");
                i = placeholder.end();
                continue;
            }
            if (c == '#' && (context == Context.TOP || context == Context.SUBSHELL) && wordStart(template, i)) {
                // A comment: nothing in it is run, and an apostrophe in it opens no quote.
                int end = template.indexOf('\n', i);
                end = end < 0 ? template.length() : end;
                out.append(template, i, end);
                i = end;
                continue;
            }
            out.append(c);
            i++;
            if (context == Context.SINGLE) {
                if (c == '\'') {
                    stack.pop();
                }
                continue;
            }
            if (c == '\\' && i < template.length()) {
                // An escaped character is literal in every context but single quotes, a brace of {{ included.
                out.append(template.charAt(i));
                i++;
                continue;
            }
            char next = i < template.length() ? template.charAt(i) : '\0';
            if (c == '$' && next == '(') {
                out.append(next);
                i++;
                stack.push(Context.SUBSHELL);
                parens.push(0);
            } else if (c == '$' && next == '{') {
                out.append(next);
                i++;
                stack.push(Context.PARAMETER);
            } else if (c == '`') {
                if (context == Context.BACKTICK) {
                    stack.pop();
                } else {
                    stack.push(Context.BACKTICK);
                }
            } else if (c == '"') {
                if (context == Context.DOUBLE) {
                    stack.pop();
                } else {
                    stack.push(Context.DOUBLE);
                }
            } else if (c == '\'' && context != Context.DOUBLE) {
                stack.push(Context.SINGLE);
            } else if (c == '}' && context == Context.PARAMETER) {
                stack.pop();
            } else if (context == Context.SUBSHELL && (c == '(' || c == ')')) {
                int depth = parens.pop();
                if (c == '(') {
                    parens.push(depth + 1);
                } else if (depth > 0) {
                    parens.push(depth - 1);
                } else {
                    stack.pop();
                }
            } else if (c == '<' && next == '<' && context == Context.TOP) {
                // The rest of the line may be a here-document's body, which the shell reads like double quotes.
                hereDocument = true;
            }
        }
        if (stack.peek() != Context.TOP) {
            throw new IllegalArgumentException("the command has an unclosed " + describe(stack.peek()));
        }
        return out.toString();
    }

    private static boolean wordStart(String template, int i) {
        return i == 0 || Character.isWhitespace(template.charAt(i - 1)) || ";&|(".indexOf(template.charAt(i - 1)) >= 0;
    }

    private static String where(Context context, boolean hereDocument) {
        return context == Context.TOP && hereDocument ? "after a here-document (<<)" : "inside " + describe(context);
    }

    private static String describe(Context context) {
        return switch (context) {
            case SINGLE -> "single quotes";
            case DOUBLE -> "double quotes";
            case BACKTICK -> "backticks";
            case SUBSHELL -> "$( )";
            case PARAMETER -> "${ }";
            case TOP -> "command";
        };
    }

    private static String known() {
        return String.join(", ", VARIABLES.keySet().stream().sorted().map(name -> "{{" + name + "}}").toList());
    }
}
