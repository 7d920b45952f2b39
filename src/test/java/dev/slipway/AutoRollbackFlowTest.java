package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.Deployment;
import dev.slipway.testing.FakeKubernetes;
import dev.slipway.testing.SlipwayHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An environment's {@code autoRollback: true} reaches its Kubernetes backend; its neighbour's default does not. */
class AutoRollbackFlowTest {
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
                        autoRollback: true
                  - id: blog
                    url: https://blog.example.com
                    owners: [alice]
                    environments:
                      production:
                        backend: %1$s
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
    void a_failed_rollout_in_an_environment_with_auto_rollback_is_rolled_back_and_the_deployment_fails() {
        long first = slipway.console("alice", "deploy shop " + IMAGE + "v1 to production").get(0);
        long second = slipway.console("alice", "deploy shop " + IMAGE + "deadline to production").get(0);

        Deployment failed = slipway.deployment(second);
        assertThat(slipway.deployment(first).state().label()).isEqualTo("succeeded");
        assertThat(failed.state().label()).isEqualTo("failed");
        assertThat(failed.summary()).startsWith("rollout of " + IMAGE + "deadline failed (the rollout made no "
                + "progress within its deadline (ProgressDeadlineExceeded)")
                .endsWith("; rolled back to " + IMAGE + "v1, which is ready");
        assertThat(image("shop")).isEqualTo(IMAGE + "v1");
    }

    @Test
    void an_environment_without_auto_rollback_leaves_a_failed_rollout_as_it_is() {
        long first = slipway.console("alice", "deploy blog " + IMAGE + "v1 to production").get(0);
        long second = slipway.console("alice", "deploy blog " + IMAGE + "deadline to production").get(0);

        Deployment failed = slipway.deployment(second);
        assertThat(slipway.deployment(first).state().label()).isEqualTo("succeeded");
        assertThat(failed.state().label()).isEqualTo("failed");
        assertThat(failed.summary()).startsWith("the rollout made no progress within its deadline");
        assertThat(image("blog")).isEqualTo(IMAGE + "deadline");
    }

    private String image(String name) {
        return kubernetes.client().apps().deployments().inNamespace(NAMESPACE).withName(name).get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage();
    }
}
