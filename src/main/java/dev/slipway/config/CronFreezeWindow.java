package dev.slipway.config;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.slipway.domain.Freeze;
import dev.slipway.domain.FreezeWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * A change freeze that begins at each time a Unix cron expression names, read in {@code zone}, and lasts
 * {@code duration} of elapsed time (so a window across a daylight-saving change ends an hour earlier or later on
 * the clock).
 */
final class CronFreezeWindow implements FreezeWindow {
    /** The fields of the expressions taken, for telling people what was expected. */
    static final String FIELDS = "minute hour day-of-month month day-of-week";

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final String PARSER_PREFIX = "Failed to parse cron expression. ";

    private final String expression;
    private final ExecutionTime executions;
    private final Duration duration;
    private final ZoneId zone;
    private final String reason;

    CronFreezeWindow(String expression, Duration duration, ZoneId zone, String reason) {
        this.expression = expression;
        this.executions = executions(expression);
        this.duration = Objects.requireNonNull(duration, "duration");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.reason = reason;
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a freeze window lasts longer than zero: " + duration);
        }
    }

    /**
     * The executions of a Unix cron expression.
     *
     * @throws IllegalArgumentException saying what is wrong with it, when it is not one or no date matches it
     */
    static ExecutionTime executions(String expression) {
        Cron cron;
        try {
            cron = UNIX.parse(expression).validate();
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage() == null ? "unreadable" : e.getMessage();
            throw new IllegalArgumentException(reason.startsWith(PARSER_PREFIX)
                    ? reason.substring(PARSER_PREFIX.length()) : reason, e);
        }
        ExecutionTime executions = ExecutionTime.forCron(cron);
        // A date that never comes, such as the 30th of February, would make a window that silently never opens.
        if (executions.nextExecution(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, java.time.ZoneOffset.UTC)).isEmpty()) {
            throw new IllegalArgumentException("no date ever matches it");
        }
        return executions;
    }

    @Override
    public Optional<Freeze> at(String project, String environment, Instant at) {
        // Every window lasts as long, so the one ending last is the one that began last: the latest execution at or
        // before the instant. Executions fall on whole minutes, and lastExecution looks strictly before its argument.
        ZonedDateTime nextMinute = at.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        return executions.lastExecution(nextMinute)
                .map(ZonedDateTime::toInstant)
                .filter(since -> at.isBefore(since.plus(duration)))
                .map(since -> new Freeze(project, environment, reason, since, since.plus(duration), null, zone));
    }

    @Override
    public String toString() {
        return "CronFreezeWindow[" + expression + " for " + duration + " in " + zone + "]";
    }
}
