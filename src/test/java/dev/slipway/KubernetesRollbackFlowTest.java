package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.testing.FakeKubernetes;
import dev.slipway.testing.SlipwayHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollback <project> [to] <environment>} at the console on Kubernetes environments: the image before the
 * current one goes back to the cluster, and the environment is locked for the requester unless it says not to.
 */
class KubernetesRollbackFlowTest {
    private static final String NAMESPACE = "apps";
    private static final String IMAGE = "registry.example.com/acme/shop:";

    @TempDir
    Path dir;

    private FakeKubernetes kubernetes;
    private SlipwayHarness slipway;

    @BeforeEach
    void start() {
        kubernetes = new FakeKubernetes();
        String backend = kubernetes.backendYaml(dir.resolve("kubeconfig"), NAMESPACE, "");
        slipway = SlipwayHarness.start(dir, """
                database: { url: "jdbc:sqlite:${DIR}/slipway.db" }
                dataDir: ${DIR}/data
                jobs: { workers: 2, initialBackoff: 100ms, maxBackoff: 1s, lease: 3s, pollInterval: 50ms }
                projects:
                  - id: shop
                    url: https://shop.example.com
                    owners: [alice]
                    environments:
                      production:
                        backend: %1$s
                        deployers: [anyone]
                  - id: blog
                    url: https://blog.example.com
                    owners: [alice]
                    environments:
                      production:
                        backend: %1$s
                        rollback: { lock: false }
                """.formatted(backend));
    }

    @AfterEach
    void stop() {
        if (slipway != null) {
            slipway.close();
        }
        kubernetes.close();
    }

    @Test
    void a_rollback_redeploys_the_image_before_and_locks_the_environment_for_its_requester() {
        long first = slipway.console("alice", "deploy shop " + IMAGE + "1 to production").get(0);
        long second = slipway.console("alice", "deploy shop " + IMAGE + "2 to production").get(0);
        assertThat(slipway.deployment(first).state().label()).isEqualTo("succeeded");
        assertThat(slipway.deployment(second).state().label()).isEqualTo("succeeded");
        assertThat(image("shop")).isEqualTo(IMAGE + "2");

        List<Long> rolled = slipway.console("alice", "rollback shop production");

        assertThat(rolled).hasSize(1);
        Deployment back = slipway.deployment(rolled.get(0));
        assertThat(back.ref()).isEqualTo(IMAGE + "1");
        assertThat(back.state().label()).isEqualTo("succeeded");
        assertThat(image("shop")).isEqualTo(IMAGE + "1");
        assertThat(lastWrittenImage("shop")).isEqualTo(IMAGE + "1");
        assertThat(slipway.output()).contains("Rolling shop production back from " + IMAGE + "2 to " + IMAGE + "1.")
                .contains("shop production is locked for you, so that the next automatic deploy does not undo it;"
                        + " `unlock shop production` when you are done.");
        assertThat(lock("shop")).map(EnvironmentLock::holder).contains("alice");
        assertThat(slipway.audit(back.id())).extracting(AuditEvent::action).contains("deployment.rollback", "lock");

        List<Long> refused = slipway.console("bob", "deploy shop " + IMAGE + "3 to production");

        assertThat(refused).isEmpty();
        assertThat(slipway.output()).contains("shop production is locked by alice since")
                .contains("; ask them to `unlock shop production`.");
        assertThat(image("shop")).isEqualTo(IMAGE + "1");
        assertThat(lastWrittenImage("shop")).isEqualTo(IMAGE + "1");
    }

    @Test
    void a_rollback_where_rollback_lock_is_false_redeploys_the_image_before_and_takes_no_lock() {
        slipway.console("alice", "deploy blog " + IMAGE + "1 to production");
        slipway.console("alice", "deploy blog " + IMAGE + "2 to production");

        List<Long> rolled = slipway.console("alice", "rollback blog to production");

        assertThat(rolled).hasSize(1);
        Deployment back = slipway.deployment(rolled.get(0));
        assertThat(back.ref()).isEqualTo(IMAGE + "1");
        assertThat(back.state().label()).isEqualTo("succeeded");
        assertThat(image("blog")).isEqualTo(IMAGE + "1");
        assertThat(slipway.output()).contains("Rolling blog production back from " + IMAGE + "2 to " + IMAGE + "1.")
                .doesNotContain("is locked for you");
        assertThat(lock("blog")).isEmpty();
        assertThat(slipway.audit(back.id())).extracting(AuditEvent::action).contains("deployment.rollback")
                .doesNotContain("lock");
    }

    @Test
    void a_rollback_with_one_successful_deployment_is_refused_and_deploys_nothing() {
        long only = slipway.console("alice", "deploy shop " + IMAGE + "1 to production").get(0);
        int writesBefore = deploymentWrites("shop").size();

        List<Long> rolled = slipway.console("alice", "rollback shop production");

        assertThat(rolled).isEmpty();
        assertThat(slipway.output()).contains("shop production has no earlier successful version than " + IMAGE
                + "1 (#" + only + ") to roll back to.");
        List<Deployment> deployments = slipway.slipway().store()
                .read(tx -> tx.deployments().listRecent("shop", "production", 10));
        assertThat(deployments).extracting(Deployment::id).containsExactly(only);
        assertThat(deploymentWrites("shop")).hasSize(writesBefore);
        assertThat(image("shop")).isEqualTo(IMAGE + "1");
        assertThat(lock("shop")).isEmpty();
    }

    private Optional<EnvironmentLock> lock(String project) {
        return slipway.slipway().store().read(tx -> tx.locks().find(project, "production"));
    }

    private String image(String name) {
        return kubernetes.client().apps().deployments().inNamespace(NAMESPACE).withName(name).get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage();
    }

    /** The Deployments Slipway sent for {@code name}, without the fake controller's status writes. */
    private List<io.fabric8.kubernetes.api.model.apps.Deployment> deploymentWrites(String name) {
        return kubernetes.writes().stream()
                .filter(w -> !w.path().contains("/status"))
                .map(FakeKubernetes.Write::deployment)
                .filter(Objects::nonNull)
                .filter(d -> name.equals(d.getMetadata().getName()))
                .toList();
    }

    private String lastWrittenImage(String name) {
        List<io.fabric8.kubernetes.api.model.apps.Deployment> sent = deploymentWrites(name);
        assertThat(sent).isNotEmpty();
        return sent.get(sent.size() - 1).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }
}
