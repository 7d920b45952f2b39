package dev.slipway.app;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Environment;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Freeze;
import dev.slipway.domain.Project;
import dev.slipway.domain.RefusedException;
import dev.slipway.domain.rule.Action;
import dev.slipway.domain.rule.Attempt;
import dev.slipway.domain.rule.Freezes;
import dev.slipway.domain.rule.Rules;
import dev.slipway.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

/** Change freezes made from chat, by owners: of one project's environment, or of that environment in every project. */
public final class FreezeService {
    /** The project word that means every project with the named environment. */
    public static final String ALL = "all";

    private final Store store;
    private final Catalog catalog;
    private final Rules rules;
    private final Clock clock;

    public FreezeService(Store store, Catalog catalog, Rules rules, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.rules = rules;
        this.clock = clock;
    }

    /** Freezes {@code environment} of {@code projectOrAll} for {@code duration}; the rules ask an owner of each. */
    public String freeze(String projectOrAll, String environment, Duration duration, String reason, String user) {
        List<Project> projects = projects(projectOrAll, environment, Action.FREEZE, user);
        java.time.Instant since = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Freeze made = new Freeze(projects.get(0).id(), environment, reason, since, since.plus(duration), user,
                ZoneOffset.UTC);
        store.inTransaction(tx -> {
            for (Project project : projects) {
                Freeze freeze = new Freeze(project.id(), environment, reason, made.since(), made.until(), user,
                        made.zone());
                tx.freezes().put(freeze);
                tx.audit().record(new AuditEvent(0, clock.instant(), user, "freeze", project.id(), environment, null,
                        "until " + made.until() + (reason.isBlank() ? "" : ": " + reason)));
            }
            return null;
        });
        return ("Froze %s %s: %s. Deployments there wait in the queue (or are refused) until then; an owner may push"
                + " one through with `deploy … --force <reason>`, and `unfreeze %s %s` lifts it.").formatted(
                names(projects), environment, Freezes.describe(made, clock.instant()), projectOrAll, environment);
    }

    /** Lifts the freezes made from chat on {@code environment} of {@code projectOrAll}; queued deployments go on. */
    public String unfreeze(String projectOrAll, String environment, String user) {
        List<Project> projects = projects(projectOrAll, environment, Action.UNFREEZE, user);
        int lifted = store.inTransaction(tx -> {
            int count = 0;
            for (Project project : projects) {
                if (tx.freezes().delete(project.id(), environment)) {
                    count++;
                    tx.audit().record(new AuditEvent(0, clock.instant(), user, "unfreeze", project.id(), environment,
                            null, ""));
                    tx.jobs().enqueue(JobKinds.ADVANCE_QUEUE, JobKinds.queuePayload(project.id(), environment),
                            null, clock.instant());
                }
            }
            return count;
        });
        if (lifted == 0) {
            throw new RefusedException(ErrorCode.NOT_FROZEN, ("%s %s has no freeze made from chat to lift; a freeze"
                    + " of the configuration ends at its time, or an owner uses `deploy … --force <reason>`.")
                    .formatted(names(projects), environment));
        }
        return "Unfroze %s %s; deployments queued there go on.".formatted(names(projects), environment);
    }

    /** The projects meant, each checked to have the environment and to let {@code user} take {@code action}. */
    private List<Project> projects(String projectOrAll, String environment, Action action, String user) {
        List<Project> projects = ALL.equals(projectOrAll)
                ? catalog.projects().list().stream().filter(p -> p.environment(environment).isPresent()).toList()
                : List.of(catalog.project(projectOrAll));
        if (projects.isEmpty()) {
            throw new RefusedException(ErrorCode.UNKNOWN_ENVIRONMENT, "No project has an environment `%s`."
                    .formatted(dev.slipway.domain.Excerpt.of(environment)));
        }
        for (Project project : projects) {
            Environment env = catalog.environment(project, environment);
            rules.require(Attempt.of(action, project, env, user, clock.instant()));
        }
        return projects;
    }

    private static String names(List<Project> projects) {
        return String.join(", ", projects.stream().map(Project::id).toList());
    }
}
