package dev.slipway.web;

import io.javalin.http.Context;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reading what a page posted or asked for: ids, tokens and an action's fields, each checked where it enters. */
final class Forms {
    /** The longest field a form may post; refs, names and reasons are far shorter. */
    static final int MAX_FIELD = 500;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,200}");
    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");

    private Forms() {
    }

    /** A deployment id, or null when {@code text} is not one. */
    static Long id(String text) {
        return text != null && ID.matcher(text).matches() ? Long.valueOf(text) : null;
    }

    /** Whether {@code text} looks like a token Slipway hands out (URL-safe base64). */
    static boolean isToken(String text) {
        return TOKEN.matcher(text).matches();
    }

    /** The posted fields of an action; empty when one is too long, or a deployment id is not a number. */
    static Optional<WebAction.Fields> fields(Context ctx) {
        String project = field(ctx, "project");
        String environment = field(ctx, "environment");
        String ref = field(ctx, "ref");
        String reason = field(ctx, "reason");
        String deployment = field(ctx, "deployment");
        if (tooLong(project) || tooLong(environment) || tooLong(ref) || tooLong(reason)
                || (deployment != null && id(deployment) == null)) {
            return Optional.empty();
        }
        return Optional.of(new WebAction.Fields(project, environment, ref, id(deployment), reason));
    }

    private static boolean tooLong(String value) {
        return value != null && value.length() > MAX_FIELD;
    }

    /** A form field, trimmed; null when absent or blank. */
    static String field(Context ctx, String name) {
        String value = ctx.formParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip();
    }

    /** A query parameter, trimmed; null when absent or blank. */
    static String query(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip();
    }
}
