package dev.slipway.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesRollbackTest {
    private static final String API = "registry.example.com/acme/web-api:1.9";
    private static final String PROXY = "registry.example.com/acme/proxy:3";

    @Test
    void records_the_image_of_every_container_and_reads_them_back() {
        String recorded = KubernetesRollback.record(deployment(API, PROXY));

        assertThat(recorded).isEqualTo("web-api=" + API + ",proxy=" + PROXY);
        assertThat(KubernetesRollback.parse(recorded)).containsExactly(Map.entry("web-api", API),
                Map.entry("proxy", PROXY));
    }

    @Test
    void records_nothing_when_there_was_no_deployment() {
        String recorded = KubernetesRollback.record(null);

        assertThat(recorded).isEmpty();
        assertThat(KubernetesRollback.parse(recorded)).isEmpty();
    }

    @Test
    void rolling_back_restores_the_named_containers_and_marks_the_deployment_without_changing_the_one_read() {
        Deployment current = deployment("registry.example.com/acme/web-api:2.0", PROXY);
        Instant at = Instant.parse("2026-12-03T06:00:00Z");

        Deployment rolledBack = KubernetesRollback.rolledBack(current, Map.of("web-api", API), 42,
                "the rollout made no progress within its deadline (ProgressDeadlineExceeded)", at);

        assertThat(KubernetesRollback.images(rolledBack)).containsExactly(Map.entry("web-api", API),
                Map.entry("proxy", PROXY));
        assertThat(rolledBack.getMetadata().getAnnotations())
                .containsEntry("slipway/deployment", "42")
                .containsEntry("slipway/rolled-back", "42")
                .containsEntry("slipway/rolled-back-at", "2026-12-03T06:00:00Z")
                .containsEntry("slipway/rollback-reason",
                        "the rollout made no progress within its deadline (ProgressDeadlineExceeded)");
        assertThat(rolledBack.getMetadata().getResourceVersion()).isEqualTo("17");
        assertThat(KubernetesRollback.images(current))
                .containsEntry("web-api", "registry.example.com/acme/web-api:2.0");
        assertThat(current.getMetadata().getAnnotations()).doesNotContainKey("slipway/rolled-back");
    }

    @Test
    void describes_several_images_joined() {
        assertThat(KubernetesRollback.describe(List.of(API))).isEqualTo(API);
        assertThat(KubernetesRollback.describe(List.of(API, PROXY))).isEqualTo(API + " and " + PROXY);
    }

    private static Deployment deployment(String api, String proxy) {
        return new DeploymentBuilder()
                .withNewMetadata()
                    .withName("web-api")
                    .withResourceVersion("17")
                    .withAnnotations(Map.of("slipway/deployment", "42"))
                .endMetadata()
                .withNewSpec()
                    .withNewTemplate()
                        .withNewSpec()
                            .addNewContainer().withName("web-api").withImage(api).endContainer()
                            .addNewContainer().withName("proxy").withImage(proxy).endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }
}
