package dev.slipway.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.backend.kubernetes.KubernetesSettings.Resources;
import dev.slipway.config.BackendConfig;
import dev.slipway.config.ConfigError;
import dev.slipway.config.ConfigException;
import dev.slipway.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesSettingsTest {
    @TempDir
    Path dir;

    @Test
    void only_the_namespace_is_required_and_the_rest_has_defaults() {
        KubernetesSettings settings = settings("apps");

        assertThat(settings.kubeconfig()).isNull();
        assertThat(settings.context()).isNull();
        assertThat(settings.containerPort()).isEqualTo(80);
        assertThat(settings.replicas()).isEqualTo(1);
        assertThat(settings.resources()).isEqualTo(new Resources(Map.of(), Map.of()));
        assertThat(settings.env()).isEmpty();
        assertThat(settings.ingressClassName()).isNull();
        assertThat(settings.ingressAnnotations()).isEmpty();
        assertThat(settings.rolloutTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(KubernetesBackend.type().name()).isEqualTo("kubernetes");
        assertThat(KubernetesBackend.type().defaultRefOf(settings)).isEmpty();
    }

    @Test
    void the_namespace_must_be_given_and_be_a_dns_label() {
        assertThatThrownBy(() -> settings(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("namespace is required");
        assertThatThrownBy(() -> settings(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("namespace is required");
        assertThatThrownBy(() -> settings("Apps_Prod")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("namespace must be a DNS label (at most 63 lower-case letters, digits and -, starting and "
                        + "ending with a letter or digit): Apps_Prod");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 65536})
    void the_container_port_must_be_a_port(int port) {
        assertThatThrownBy(() -> new KubernetesSettings(null, null, "apps", port, null, null, null, null, null, null,
                null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("containerPort must be between 1 and 65535");
    }

    @Test
    void there_is_at_least_one_replica() {
        assertThatThrownBy(() -> new KubernetesSettings(null, null, "apps", null, 0, null, null, null, null, null,
                null)).isInstanceOf(IllegalArgumentException.class).hasMessage("replicas must be at least 1");
    }

    @Test
    void timeouts_must_be_positive() {
        assertThatThrownBy(() -> new KubernetesSettings(null, null, "apps", null, null, null, null, null, null,
                Duration.ZERO, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rolloutTimeout must be positive");
        assertThatThrownBy(() -> new KubernetesSettings(null, null, "apps", null, null, null, null, null, null,
                null, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pollInterval must be positive");
    }

    @Test
    void resources_must_be_quantities() {
        assertThat(new Resources(Map.of("cpu", "250m", "memory", "1.5Gi", "ephemeral-storage", "2G"),
                Map.of("cpu", "1", "memory", "1e9")).requests()).hasSize(3);
        assertThatThrownBy(() -> new Resources(Map.of("cpu", "100 millicores"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requests.cpu is not a quantity (like 250m, 0.5, 128Mi or 1G): 100 millicores");
        assertThatThrownBy(() -> new Resources(null, Map.of("memory", "256MB")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limits.memory is not a quantity (like 250m, 0.5, 128Mi or 1G): 256MB");
    }

    @Test
    void env_keeps_its_order_and_every_variable_needs_a_value() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("Z_LAST", "1");
        env.put("A_FIRST", "{{ref}}");
        assertThat(new KubernetesSettings(null, null, "apps", null, null, null, env, null, null, null, null).env()
                .keySet()).containsExactly("Z_LAST", "A_FIRST");

        Map<String, String> empty = new HashMap<>();
        empty.put("DATABASE_URL", null);
        assertThatThrownBy(() -> new KubernetesSettings(null, null, "apps", null, null, null, empty, null, null, null,
                null)).isInstanceOf(IllegalArgumentException.class).hasMessage("env.DATABASE_URL needs a value");
    }

    @Test
    void binds_from_the_configuration_file() throws Exception {
        Path file = dir.resolve("slipway.yaml");
        Files.writeString(file, """
                projects:
                  - id: api
                    url: https://api.example.com
                    environments:
                      preview:
                        backend:
                          type: kubernetes
                          kubeconfig: /etc/slipway/kubeconfig
                          context: staging
                          namespace: previews
                          containerPort: 8080
                          replicas: 2
                          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { memory: 256Mi } }
                          env: { SPRING_PROFILES_ACTIVE: preview, DEPLOYMENT: "{{deployment}}" }
                          ingressClassName: nginx
                          ingressAnnotations: { cert-manager.io/cluster-issuer: letsencrypt }
                          rolloutTimeout: 10m
                          pollInterval: 5s
                """);

        BackendConfig backend = loader().load(file).projects().get(0).environments().get("preview").backend();

        assertThat(backend.settings()).isEqualTo(new KubernetesSettings("/etc/slipway/kubeconfig", "staging",
                "previews", 8080, 2, new Resources(Map.of("cpu", "100m", "memory", "128Mi"),
                Map.of("memory", "256Mi")), Map.of("SPRING_PROFILES_ACTIVE", "preview", "DEPLOYMENT", "{{deployment}}"),
                "nginx", Map.of("cert-manager.io/cluster-issuer", "letsencrypt"), Duration.ofMinutes(10),
                Duration.ofSeconds(5)));
    }

    @Test
    void a_bad_value_is_reported_with_its_line() throws Exception {
        Path file = dir.resolve("slipway.yaml");
        Files.writeString(file, """
                projects:
                  - id: api
                    url: https://api.example.com
                    environments:
                      preview:
                        backend:
                          type: kubernetes
                          namespace: previews
                          resources:
                            requests: { cpu: lots }
                """);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader().load(file));

        assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(file + ":9: "
                + "projects[0].environments.preview.backend.resources: requests.cpu is not a quantity "
                + "(like 250m, 0.5, 128Mi or 1G): lots");
    }

    private static ConfigLoader loader() {
        return new ConfigLoader(Map.of("kubernetes", KubernetesSettings.class), name -> null);
    }

    private static KubernetesSettings settings(String namespace) {
        return new KubernetesSettings(null, null, namespace, null, null, null, null, null, null, null, null);
    }
}
