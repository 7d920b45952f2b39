package dev.slipway.domain;

import java.time.Instant;

/**
 * Which audit events to find. Each filter that is null matches any event. {@code action} matches that action
 * exactly, or, when it ends with {@code "."} or {@code "*"}, every action that starts with it: {@code "web."} and
 * {@code "web.*"} both match {@code web.signed_in} (the {@code "*"} is dropped, a {@code "."} kept); a lone
 * {@code "*"} matches every action. {@code from} is inclusive and {@code to} exclusive; at most {@code limit}
 * (1 to {@value #MAX_LIMIT}) events are returned.
 */
public record AuditQuery(String project, String environment, String actor, String action, Instant from, Instant to,
                         int limit) {
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", not " + limit);
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
        }
    }

    /** Every event, newest first, at most {@code limit}. */
    public static AuditQuery all(int limit) {
        return new AuditQuery(null, null, null, null, null, null, limit);
    }

    /** Whether {@link #action} is a prefix rather than an exact action. */
    public boolean actionIsPrefix() {
        return action != null && (action.endsWith(".") || action.endsWith("*"));
    }

    /** The action, or the prefix it stands for, without a trailing {@code "*"}. */
    public String actionPattern() {
        if (action == null) {
            return null;
        }
        return action.endsWith("*") ? action.substring(0, action.length() - 1) : action;
    }
}
