package dev.slipway.chat.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.testing.SlipwayHarness;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build review flow typed at consoles, one person each, on one database: what each of them would see. */
class ReviewConsoleFlowTest {
    private static final String IMAGE = "registry.example.com/acme/shop:1.4.2";

    @TempDir
    Path dir;

    private SlipwayHarness harness;

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    private void start(String productionPolicy) {
        harness = SlipwayHarness.start(dir, """
                database:
                  url: "jdbc:sqlite:${DIR}/slipway.db"
                dataDir: ${DIR}/data
                jobs: { workers: 2, initialBackoff: 100ms, maxBackoff: 1s, lease: 3s, pollInterval: 20ms }
                projects:
                  - id: shop
                    name: Shop
                    url: https://shop.example.com
                    owners: [alice, carol]
                    qa: [bob, dave]
                    hookToken: shop-hook-token
                    environments:
                      preview:
                        backend: { type: script, command: 'echo previewing {{ref}}', timeout: 5s }
                      production:
                        backend: { type: script, command: 'echo shipping {{ref}}', timeout: 5s }
                        deployers: [owners]
                %s
                """.formatted(productionPolicy));
    }

    private List<Deployment> deployments(String project, String environment, int limit) {
        List<Deployment> recent = harness.slipway().store().read(tx -> tx.deployments().listRecent(project, environment, limit));
        return recent;
    }

    @Test
    void a_build_is_previewed_reviewed_and_promoted_by_the_people_the_policy_names() {
        start("        approvals: { required: 2, from: [qa] }");

        List<Long> started = harness.console("alice", "build shop " + IMAGE + " branch feature/login");
        long id = started.get(0);
        assertThat(harness.deployment(id).state()).isEqualTo(DeploymentState.SUCCEEDED);
        String shown = harness.output();
        assertThat(shown).contains("#" + id + " shop: attempting deployment of " + IMAGE + " (branch feature-login)")
                .contains("#" + id + " shop: deployed " + IMAGE + " (branch feature-login) to preview")
                .contains("to alice (direct message): *Shop*: build `" + IMAGE + "` (branch feature/login), #" + id)
                .contains("QA: @bob, @dave")
                .contains("Approvals: 0 of 2 needed")
                .contains("[Deploy to production] `promote " + id + "`")
                .contains("[Close] `close " + id + "`")
                .contains("to bob (direct message)")
                .contains("[Approve] `approve " + id + "`")
                .contains("[Reject] `reject " + id + "`");

        harness.console("bob", "promote " + id, "close " + id);
        harness.console("alice", "approve " + id);
        assertThat(harness.output()).contains("Only owners of shop (alice, carol) may deploy builds to production or close them.")
                .contains("Only QA of shop (bob, dave) may approve or reject builds.");
        List<AuditEvent> audit = harness.slipway().store().read(tx -> tx.audit().listRecent("shop", 50));
        assertThat(audit)
                .filteredOn(e -> e.action().endsWith(".refused"))
                .extracting(AuditEvent::action, AuditEvent::actor, AuditEvent::deploymentId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("approve.refused", "alice", id),
                        org.assertj.core.groups.Tuple.tuple("close.refused", "bob", id),
                        org.assertj.core.groups.Tuple.tuple("promote.refused", "bob", id));

        harness.console("alice", "promote " + id);
        assertThat(harness.output()).contains("#" + id + " may not go to production yet: needs 2 approvals from qa;"
                + " approvals so far 0 of 2.");

        harness.console("bob", "approve " + id);
        harness.console("dave", "reject " + id);
        harness.console("carol", "status shop");
        assertThat(harness.output()).contains("Builds under review:").contains("#" + id + " shop " + IMAGE
                + " (branch feature/login): open for review; Approvals: 1 of 2 needed; rejected by @dave");
        assertThat(harness.output()).contains("to alice (in the thread of that message): ✅ Approved by @bob at")
                .contains("to carol (in the thread of that message): ⛔ Rejected by @dave at")
                .contains("Approvals: 1 of 2 needed; rejected by @dave");
        harness.console("alice", "promote " + id);
        assertThat(harness.output()).contains("may not go to production yet: rejected by dave (until they approve);"
                + " approvals so far 1 of 2.");

        harness.console("dave", "approve " + id);
        List<Long> shipped = harness.console("carol", "promote " + id);
        Deployment production = harness.deployment(shipped.get(0));
        assertThat(production.environment()).isEqualTo("production");
        assertThat(production.ref()).isEqualTo(IMAGE);
        assertThat(production.requestedBy()).isEqualTo("carol");
        assertThat(production.state()).isEqualTo(DeploymentState.SUCCEEDED);
        harness.console("alice", "status");
        assertThat(harness.output()).contains("✅ Deployed to production by @carol at")
                .contains("🚀 @carol shipped `" + IMAGE + "` (branch feature/login) of Shop to production.");

        int before = harness.output().length();
        harness.console("alice", "promote " + id, "close " + id);
        harness.console("bob", "approve " + id);
        String after = harness.output().substring(before);
        assertThat(after).contains("#" + id + " was already deployed to production by @carol at")
                .doesNotContain("direct message");
        assertThat(deployments("shop", "production", 10))
                .hasSize(1);
    }

    @Test
    void without_an_approvals_policy_verdicts_inform_and_an_owner_may_close_the_build() {
        start("");
        long id = harness.console("alice", "build shop " + IMAGE + " tag v1.4.2").get(0);

        harness.console("bob", "reject " + id);
        harness.console("carol", "close " + id);

        assertThat(harness.output()).contains("⛔ Rejected by @bob at").contains("Closed by @carol at");
        int before = harness.output().length();
        harness.console("alice", "promote " + id);
        assertThat(harness.output().substring(before)).contains("#" + id + " was already closed by @carol at");
        assertThat(deployments("shop", "production", 10))
                .isEmpty();
    }

    @Test
    void the_same_build_posted_again_while_in_flight_starts_nothing() {
        start("");
        long id = harness.console("alice", "build shop " + IMAGE + " branch main").get(0);

        harness.console("carol", "build shop " + IMAGE + " branch main");

        assertThat(harness.output()).contains("That build is already in flight as #" + id + ".");
        assertThat(deployments("shop", null, 10))
                .hasSize(1);
    }

    @Test
    void only_owners_may_post_builds_by_hand_and_bad_builds_are_refused_with_the_reason() {
        start("");
        harness.console("bob", "build shop " + IMAGE + " branch main");
        harness.console("alice", "build shop Not-An-Image! branch main", "build shop " + IMAGE + " commit abc",
                "build shop " + IMAGE + " branch ///");

        assertThat(harness.output()).contains("Only owners of shop (alice, carol) may post builds by hand.")
                .contains("image is not an image reference")
                .contains("type must be branch or tag")
                .contains("target must name a branch or tag");
        assertThat(deployments(null, null, 10))
                .isEmpty();
    }

    @Test
    void a_build_whose_image_or_target_breaks_its_grammar_is_refused_with_the_rule_and_nothing_runs() {
        start("");
        harness.console("alice", "build shop registry.example.com/acme/shop:1.4.2;id branch main",
                "build shop " + IMAGE + " branch feature..login", "build shop " + IMAGE + " tag v1.0.lock",
                "build shop " + IMAGE + " branch -main", "build shop " + "a-".repeat(100_000) + "a branch main");

        assertThat(harness.output())
                .contains("image is not an image reference (such as registry.example.com/team/app:1.2.3):"
                        + " `registry.example.com/acme/shop:1.4.2;id` contains `;`")
                .contains("target must name a branch or tag: `feature..login` is not a valid ref: it contains `..`")
                .contains("target must name a branch or tag: `v1.0.lock` is not a valid ref: it ends with `.lock`")
                .contains("target must name a branch or tag: `-main` is not a valid ref: it starts with `-`")
                .contains("`a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a…` is longer than 1024 bytes");
        assertThat(deployments(null, null, 10)).isEmpty();
    }

    @Test
    void a_promoted_image_passes_the_ref_rules_of_a_production_whose_backend_takes_git_refs() {
        start("        allowedRefs: [\"registry.example.com/acme/shop:*\"]");
        long id = harness.console("alice", "build shop " + IMAGE + " branch main").get(0);
        List<Long> shipped = harness.console("carol", "promote " + id);
        assertThat(shipped).hasSize(1);
        assertThat(harness.deployment(shipped.get(0)).ref()).isEqualTo(IMAGE);
        assertThat(harness.deployment(shipped.get(0)).state()).isEqualTo(DeploymentState.SUCCEEDED);
        // typed by hand, the same image is no git ref, and production's backend deploys git refs
        harness.console("carol", "deploy shop " + IMAGE + " to production");
        assertThat(harness.output()).contains("`" + IMAGE + "` is not a valid ref: it contains `:`.");
    }
}
