package dev.slipway.app.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.app.Catalog;
import dev.slipway.app.DeniedAttempts;
import dev.slipway.app.DeployService;
import dev.slipway.app.LockService;
import dev.slipway.app.StatusService;
import dev.slipway.app.Transitions;
import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Environment;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Policy;
import dev.slipway.domain.Project;
import dev.slipway.domain.Projects;
import dev.slipway.domain.RefPattern;
import dev.slipway.domain.rule.Rules;
import dev.slipway.store.Store;
import dev.slipway.store.sqlite.SqliteStore;
import dev.slipway.testing.MovingClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit} through the parser and the dispatcher on a real SQLite file: what deploys, locks and refusals
 * wrote, read back line by line, filtered by project, environment and a moving clock.
 */
class AuditCommandTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;
    private Store store;
    private final MovingClock clock = new MovingClock(T0);
    private final CommandParser parser = new CommandParser();
    private CommandDispatcher dispatcher;

    private static Project project(String id) {
        Map<String, Environment> environments = new LinkedHashMap<>();
        environments.put("staging", new Environment("staging", Policy.open(), "script", "main"));
        environments.put("production", new Environment("production",
                new Policy(List.of(new RefPattern("main")), List.of("owners"), "main"), "script", "main"));
        return new Project(id, id, List.of("alice"), List.of("bob"), null, "staging", environments, null, null,
                null, null, null);
    }

    @BeforeEach
    void open() {
        store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("s.db"), 8);
        Projects projects = new Projects(List.of(project("api"), project("web")));
        Catalog catalog = new Catalog(projects);
        DeployService deployments = new DeployService(store, catalog, Rules.standard(), new Transitions(clock), clock);
        dispatcher = new CommandDispatcher(deployments, new LockService(store, catalog, clock),
                new StatusService(store, catalog, () -> 0L, clock), projects, null, null, null, null,
                new DeniedAttempts(store, clock));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Reply run(String user, String text) {
        return dispatcher.dispatch(parser.parse(text), new Invocation(user, new ChatOrigin("console", "console:" + user,
                null), null));
    }

    private String audit(String text) {
        Reply reply = run("carol", text);
        assertThat(reply.refusal()).as(reply.text()).isEmpty();
        return reply.text();
    }

    @Test
    void shows_deploys_locks_overrides_and_refusals_newest_first_one_line_each_to_anyone() {
        run("alice", "deploy api staging");
        clock.move(Duration.ofMinutes(1));
        run("bob", "lock api production release day");
        clock.move(Duration.ofMinutes(1));
        assertThat(run("bob", "deploy api production").refusal()).contains(ErrorCode.NOT_A_DEPLOYER);
        clock.move(Duration.ofMinutes(1));
        run("alice", "unlock api production");

        assertThat(audit("audit").lines()).containsExactly(
                "Audit events since 2026-02-22T10:03:00Z (the last 7d), newest first:",
                "2026-03-01T10:03:00Z ⚠ override · alice · unlocked · api production · owner override of the lock held by bob",
                "2026-03-01T10:02:00Z ✋ refused · bob · deploy · api production · NOT_A_DEPLOYER: bob may not deploy api"
                        + " to production; deployers there: the owners (alice).; from console console:bob",
                "2026-03-01T10:01:00Z bob · locked · api production · release day",
                "2026-03-01T10:00:00Z alice · deployment queued · api staging #1 · requested from console");
    }

    @Test
    void filters_by_project_and_environment() {
        run("alice", "deploy api staging");
        run("alice", "deploy web staging");
        clock.move(Duration.ofMinutes(1));
        run("alice", "lock api production");

        assertThat(audit("audit api").lines()).containsExactly(
                "Audit events for api since 2026-02-22T10:01:00Z (the last 7d), newest first:",
                "2026-03-01T10:01:00Z alice · locked · api production",
                "2026-03-01T10:00:00Z alice · deployment queued · api staging #1 · requested from console");
        assertThat(audit("audit api production").lines()).containsExactly(
                "Audit events for api production since 2026-02-22T10:01:00Z (the last 7d), newest first:",
                "2026-03-01T10:01:00Z alice · locked · api production");
        assertThat(audit("audit web staging")).contains("web staging #2").doesNotContain("api");
        assertThat(audit("audit web production"))
                .isEqualTo("No audit events for web production since 2026-02-22T10:01:00Z (the last 7d).");
    }

    @Test
    void looks_back_seven_days_unless_since_says_otherwise() {
        run("alice", "lock api staging");
        clock.move(Duration.ofDays(8));

        assertThat(audit("audit")).isEqualTo("No audit events at all since 2026-03-02T10:00:00Z (the last 7d).");
        assertThat(audit("audit api --since 9d")).contains("2026-03-01T10:00:00Z alice · locked · api staging");

        run("alice", "unlock api staging");
        clock.move(Duration.ofMinutes(45));
        assertThat(audit("audit --since 1h").lines()).containsExactly(
                "Audit events since 2026-03-09T09:45:00Z (the last 1h), newest first:",
                "2026-03-09T10:00:00Z alice · unlocked · api staging");
        assertThat(audit("audit --since 30m")).isEqualTo("No audit events at all since 2026-03-09T10:15:00Z (the last 30m).");
        assertThat(audit("audit --since 8d12h").lines()).hasSize(3);
    }

    @Test
    void shows_thirty_events_and_counts_the_rest() {
        for (int i = 0; i < 18; i++) {
            run("alice", "lock web staging");
            clock.move(Duration.ofMinutes(1));
            run("alice", "unlock web staging");
            clock.move(Duration.ofMinutes(1));
        }

        List<String> lines = audit("audit web").lines().toList();
        assertThat(lines).hasSize(1 + 30 + 1);
        assertThat(lines.get(1)).isEqualTo("2026-03-01T10:35:00Z alice · unlocked · web staging");
        assertThat(lines.get(30)).isEqualTo("2026-03-01T10:06:00Z alice · locked · web staging");
        assertThat(lines.get(31)).isEqualTo("…and 6 more; narrow it with a project, an environment or --since");
        assertThat(audit("audit web --since 10m").lines()).hasSize(1 + 10);
    }

    @Test
    void unknown_projects_and_environments_get_the_answers_history_gives_and_are_not_kept() {
        Reply project = run("mallory", "audit nope");
        Reply environment = run("mallory", "audit api qa");

        assertThat(project.refusal()).contains(ErrorCode.UNKNOWN_PROJECT);
        assertThat(project.text()).isEqualTo("I don't know a project `nope`. Projects: api, web.")
                .isEqualTo(run("mallory", "history nope").text());
        assertThat(environment.refusal()).contains(ErrorCode.UNKNOWN_ENVIRONMENT);
        assertThat(environment.text()).isEqualTo("api has no environment `qa`. Environments: staging, production.")
                .isEqualTo(run("mallory", "history api qa").text());
        long kept = store.read(tx -> tx.audit().count(null, null, null));
        assertThat(kept).isZero();
    }

    @Test
    void a_bad_duration_or_option_is_answered_with_the_usage() {
        Reply duration = run("alice", "audit --since soon");
        Reply option = run("alice", "audit api --verbose");

        assertThat(duration.refusal()).contains(ErrorCode.BAD_ARGUMENTS);
        assertThat(duration.text()).contains("`soon` is not a duration; --since takes one like 7d, 12h or 30m")
                .contains("Usage: audit [<project>] [<environment>] [--since <duration>]");
        assertThat(option.refusal()).contains(ErrorCode.BAD_ARGUMENTS);
        assertThat(option.text()).contains("there is no option `--verbose`");
    }

    @Test
    void events_without_a_place_and_with_line_breaks_keep_to_one_line() {
        store.inTransaction(tx -> tx.audit().record(new AuditEvent(0, T0, "slack", "slack.uninstalled", null, null,
                null, "")));
        store.inTransaction(tx -> tx.audit().record(new AuditEvent(0, T0, "10.0.0.7", "signature.refused", null, null,
                null, "3 requests\nwith a stale signature")));
        store.inTransaction(tx -> tx.audit().record(new AuditEvent(0, T0, "slipway", "deployment.forced", "api",
                "production", 7L, "past the freeze")));

        assertThat(audit("audit").lines()).containsExactly(
                "Audit events since 2026-02-22T10:00:00Z (the last 7d), newest first:",
                "2026-03-01T10:00:00Z ⚠ override · slipway · deployment forced · api production #7 · past the freeze",
                "2026-03-01T10:00:00Z ✋ refused · 10.0.0.7 · signature · 3 requests\\nwith a stale signature",
                "2026-03-01T10:00:00Z slack · removed Slipway from Slack");
    }
}
