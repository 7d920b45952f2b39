package dev.slipway.app.command;

import dev.slipway.app.StatusService.AuditTrail;
import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Excerpt;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The text of the {@code audit} reply: one line per event, newest first, overrides and refusals marked so that they
 * stand out. What people typed (actors, reasons, refs) is quoted as an {@link Excerpt}, so every event keeps to its
 * line.
 */
final class AuditText {
    /** Events shown in one reply; the rest are counted. */
    static final int LINES = 30;
    static final String OVERRIDE = "⚠ override";
    static final String REFUSED = "✋ refused";
    private static final int DETAIL_LENGTH = 200;
    private static final String SEPARATOR = " · ";
    private static final Map<String, String> WORDS = Map.of(
            "lock", "locked",
            "unlock", "unlocked",
            "person.link", "linked a GitHub login",
            "person.unlink", "unlinked a GitHub login",
            "channel.setup", "bound a channel",
            "channel.reset", "unbound a channel",
            "deployment.cancel_requested", "asked to cancel the deployment",
            "deployment.cancel_impossible", "could not stop the deployment",
            "slack.installed", "installed Slipway in Slack",
            "slack.uninstalled", "removed Slipway from Slack");

    private AuditText() {
    }

    static String trail(AuditTrail trail, Command.Audit asked) {
        String what = where(asked.project(), asked.environment());
        String period = "since %s (the last %s)".formatted(time(trail.since()), span(asked.since()));
        if (trail.events().isEmpty()) {
            return "No audit events %s %s.".formatted(what.isEmpty() ? "at all" : "for " + what, period);
        }
        StringBuilder text = new StringBuilder("Audit events").append(what.isEmpty() ? "" : " for " + what)
                .append(' ').append(period).append(", newest first:");
        trail.events().forEach(event -> text.append('\n').append(line(event)));
        long more = trail.total() - trail.events().size();
        if (more > 0) {
            text.append("\n…and ").append(more).append(" more; narrow it with a project, an environment or --since");
        }
        return text.toString();
    }

    /** Time, marker, who, what in words, where, and the detail, each left out when there is none. */
    static String line(AuditEvent event) {
        StringBuilder line = new StringBuilder(time(event.at()));
        String action = event.action();
        String words;
        if (action.endsWith(".refused")) {
            line.append(' ').append(REFUSED).append(SEPARATOR);
            words = plain(action.substring(0, action.length() - ".refused".length()));
        } else if (action.endsWith(".override")) {
            line.append(' ').append(OVERRIDE).append(SEPARATOR);
            words = words(action.substring(0, action.length() - ".override".length()));
        } else if (action.equals("deployment.forced")) {
            line.append(' ').append(OVERRIDE).append(SEPARATOR);
            words = words(action);
        } else {
            line.append(' ');
            words = words(action);
        }
        line.append(Excerpt.of(event.actor())).append(SEPARATOR).append(words);
        String where = where(event.project(), event.environment());
        if (event.deploymentId() != null) {
            where = (where.isEmpty() ? "" : where + " ") + "#" + event.deploymentId();
        }
        if (!where.isEmpty()) {
            line.append(SEPARATOR).append(where);
        }
        if (!event.detail().isBlank()) {
            line.append(SEPARATOR).append(Excerpt.of(event.detail().strip(), DETAIL_LENGTH));
        }
        return line.toString();
    }

    /** An action in words: {@code deployment.cancel_requested} is "asked to cancel the deployment". */
    static String words(String action) {
        return WORDS.getOrDefault(action, plain(action));
    }

    /** {@code deployment.outcome_unknown} as "deployment outcome unknown". */
    private static String plain(String action) {
        return Excerpt.of(action.replace('.', ' ').replace('_', ' '));
    }

    private static String where(String project, String environment) {
        if (project == null) {
            return environment == null ? "" : Excerpt.of(environment);
        }
        return Excerpt.of(project) + (environment == null ? "" : " " + Excerpt.of(environment));
    }

    /** UTC, to the second: {@code 2026-03-01T10:00:00Z}. */
    static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@code 7d}, {@code 12h}, {@code 1d12h}, {@code 30m}: as the option is typed. */
    static String span(Duration duration) {
        StringBuilder text = new StringBuilder();
        if (duration.toDaysPart() > 0) {
            text.append(duration.toDaysPart()).append('d');
        }
        if (duration.toHoursPart() > 0) {
            text.append(duration.toHoursPart()).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            text.append(duration.toMinutesPart()).append('m');
        }
        return text.length() == 0 ? duration.toString() : text.toString();
    }
}
