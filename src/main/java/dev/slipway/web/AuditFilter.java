package dev.slipway.web;

import dev.slipway.domain.AuditQuery;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit log's filters as a page or the API receives them: {@code project}, {@code environment}, {@code person},
 * {@code action} (an exact action, or a prefix ending in a dot: {@code deployment.}), {@code from} and {@code to}
 * (a day, {@code 2026-12-03}, meaning its start in UTC, or an instant, {@code 2026-12-03T09:30:00Z}) and
 * {@code limit}.
 */
public record AuditFilter(String project, String environment, String person, String action, String from, String to,
                   int limit) {
    static final int DEFAULT_LIMIT = 200;
    static final int MOST = 1000;
    /** The days a filter may name: the store keeps times as epoch milliseconds, which a far-off instant overflows. */
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** The filter asked for, or why it cannot be read (one line). */
    static Result read(Context ctx) {
        String limitText = Forms.query(ctx, "limit");
        int limit = DEFAULT_LIMIT;
        if (limitText != null) {
            Long parsed = Forms.id(limitText);
            if (parsed == null || parsed < 1 || parsed > MOST) {
                return Result.refused("limit must be a number from 1 to " + MOST);
            }
            limit = parsed.intValue();
        }
        AuditFilter filter = new AuditFilter(Forms.query(ctx, "project"), Forms.query(ctx, "environment"),
                Forms.query(ctx, "person"), Forms.query(ctx, "action"), Forms.query(ctx, "from"),
                Forms.query(ctx, "to"), limit);
        for (String value : new String[] {filter.project, filter.environment, filter.person, filter.action}) {
            if (value != null && value.length() > Forms.MAX_FIELD) {
                return Result.refused("a filter is longer than " + Forms.MAX_FIELD + " characters");
            }
        }
        Optional<Instant> from;
        Optional<Instant> to;
        try {
            from = instant(filter.from);
            to = instant(filter.to);
        } catch (DateTimeParseException e) {
            return Result.refused("from and to take a day (2026-12-03) or an instant (2026-12-03T09:30:00Z)");
        }
        for (Optional<Instant> at : List.of(from, to)) {
            if (at.isPresent() && (at.get().isBefore(EARLIEST) || at.get().isAfter(LATEST))) {
                return Result.refused("from and to take a day or an instant of the years 0000 to 9999");
            }
        }
        if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
            return Result.refused("to is before from");
        }
        return new Result(filter, new AuditQuery(filter.project, filter.environment, filter.person, filter.action,
                from.orElse(null), to.orElse(null), limit), null);
    }

    /** A filter read, with its query; or only the reason it could not be. */
    record Result(AuditFilter filter, AuditQuery query, String problem) {
        static Result refused(String problem) {
            return new Result(null, null, problem);
        }
    }

    private static Optional<Instant> instant(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (text.length() == 10) {
            return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        return Optional.of(Instant.parse(text));
    }

    /** The filter as query parameters, for the export links. */
    Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "project", project);
        put(parameters, "environment", environment);
        put(parameters, "person", person);
        put(parameters, "action", action);
        put(parameters, "from", from);
        put(parameters, "to", to);
        if (limit != DEFAULT_LIMIT) {
            parameters.put("limit", Integer.toString(limit));
        }
        return parameters;
    }

    private static void put(Map<String, String> parameters, String name, String value) {
        if (value != null) {
            parameters.put(name, value);
        }
    }
}
