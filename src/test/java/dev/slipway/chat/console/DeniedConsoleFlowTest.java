package dev.slipway.chat.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.AuditEvent;
import dev.slipway.testing.SlipwayHarness;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusals typed in the console, as the audit log keeps them (or, for typos, does not), on a real SQLite file. */
class DeniedConsoleFlowTest {
    private static final String ECHO = "echo deployed";

    @TempDir
    Path dir;

    @Test
    void a_non_deployer_refused_production_is_kept_with_who_what_why_and_where() {
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(ECHO, ECHO, ""))) {
            assertThat(slipway.console("bob", "deploy demo production")).isEmpty();
            assertThat(slipway.output()).contains("bob may not deploy demo to production");

            List<AuditEvent> audit = audit(slipway);
            assertThat(audit).hasSize(1);
            AuditEvent refused = audit.get(0);
            assertThat(refused.action()).isEqualTo("deploy.refused");
            assertThat(refused.actor()).isEqualTo("bob");
            assertThat(refused.project()).isEqualTo("demo");
            assertThat(refused.environment()).isEqualTo("production");
            assertThat(refused.deploymentId()).isNull();
            assertThat(refused.detail()).startsWith("NOT_A_DEPLOYER: bob may not deploy demo to production;")
                    .endsWith("; from console console:bob");
        }
    }

    @Test
    void a_ref_production_does_not_allow_and_a_lock_held_by_someone_else_are_kept_too() {
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(ECHO, ECHO, ""))) {
            slipway.console("alice", "deploy demo feature/login to production", "lock demo staging release day");
            slipway.console("bob", "lock demo staging");

            assertThat(audit(slipway)).filteredOn(e -> e.action().endsWith(".refused"))
                    .extracting(AuditEvent::action, AuditEvent::actor, AuditEvent::environment)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("lock.refused", "bob", "staging"),
                            org.assertj.core.groups.Tuple.tuple("deploy.refused", "alice", "production"));
            assertThat(audit(slipway).get(0).detail()).startsWith("ALREADY_LOCKED: ");
        }
    }

    @Test
    void typos_unknown_projects_and_help_write_nothing() {
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(ECHO, ECHO, ""))) {
            slipway.console("mallory", "deploy nope staging", "deploy demo qa", "launch rockets", "help", "deploy");
            assertThat(slipway.output()).contains("I don't know a project `nope`").contains("I don't know `launch rockets`");
            assertThat(audit(slipway)).isEmpty();
        }
    }

    @Test
    void a_failing_audit_write_leaves_the_reply_as_it_was() throws Exception {
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(ECHO, ECHO, ""))) {
            slipway.console("bob", "deploy demo production");
            String answered = slipway.output();
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("slipway.db"));
                 Statement sql = db.createStatement()) {
                sql.execute("CREATE TRIGGER audit_is_down BEFORE INSERT ON audit_events"
                        + " BEGIN SELECT RAISE(ABORT, 'audit is down'); END");
            }

            assertThat(slipway.console("bob", "deploy demo production")).isEmpty();

            String again = slipway.output().substring(answered.length());
            assertThat(again).contains("bob may not deploy demo to production");
            assertThat(answered.substring(answered.indexOf("bob> deploy demo production")))
                    .isEqualTo(again);
            assertThat(audit(slipway)).hasSize(1);
        }
    }

    private static List<AuditEvent> audit(SlipwayHarness slipway) {
        return slipway.slipway().store().read(tx -> tx.audit().listRecent(null, 100));
    }
}
