package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import dev.slipway.Slipway;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.RunResult.Outcome;
import dev.slipway.backend.kubernetes.KubernetesBackend;
import dev.slipway.backend.kubernetes.KubernetesSettings;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.KeyProviders;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.domain.PreviewSlot;
import dev.slipway.testing.FakeKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/helm/slipway, linted and rendered by Helm's own engine (helm-java), and the rendered objects read back as
 * fabric8's typed model: what a cluster would be given.
 */
class HelmChartTest {
    private static final Path CHART = Path.of("deploy/helm/slipway");
    private static final String NAMESPACE = "ops";
    private static final String MASTER_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="; // 32 bytes
    /** The default values and the two Slack tokens that the default configuration names. */
    private static final String SLACK_TOKENS = """
            secrets:
              slackSigningSecret: signing
              slackBotToken: xoxb-1
            """;
    /** The PostgreSQL switch, with what it needs. */
    private static final String POSTGRES_VALUES = """
            replicaCount: 3
            postgresql:
              enabled: true
              url: jdbc:postgresql://db.internal:5432/slipway
            secrets:
              masterKey: %s
              slackSigningSecret: signing
              slackBotToken: xoxb-1
              databaseUsername: slipway
              databasePassword: database-password
            """.formatted(MASTER_KEY);
    /** examples/slipway-kubernetes.yaml as chart values: previews and production on the kubernetes backend. */
    private static final String KUBERNETES_PROJECT_VALUES = """
            secrets:
              slackSigningSecret: signing
              slackBotToken: xoxb-1
              extra:
                SHOP_HOOK_TOKEN: hook-token
            rbac:
              namespaces: [shop-preview, shop]
            config:
              server:
                publicUrl: https://slipway.example.com
              slack:
                signingSecret: ${SLACK_SIGNING_SECRET}
                botToken: ${SLACK_BOT_TOKEN}
              projects:
                - id: shop
                  url: https://shop.example.com
                  channel: C0123456
                  owners: [U0123OWNER1]
                  hookToken: ${SHOP_HOOK_TOKEN}
                  environments:
                    preview:
                      backend: { type: kubernetes, namespace: shop-preview, containerPort: 8080 }
                    production:
                      backend: { type: kubernetes, namespace: shop, containerPort: 8080, replicas: 3 }
            """;
    /**
     * What backend/kubernetes/KubernetesBackend asks of the API server: get, create, update (createOr(update), and
     * update reads the latest version), patch (edit, to mark a run cancelled) and delete (retire) a Deployment;
     * the same but patch for a Service and an Ingress; list the pods of a Deployment. No watch: it polls.
     */
    private static final Set<String> BACKEND_PERMISSIONS = Set.of(
            "apps/deployments:get", "apps/deployments:create", "apps/deployments:update",
            "apps/deployments:patch", "apps/deployments:delete",
            "/services:get", "/services:create", "/services:update", "/services:delete",
            "networking.k8s.io/ingresses:get", "networking.k8s.io/ingresses:create",
            "networking.k8s.io/ingresses:update", "networking.k8s.io/ingresses:delete",
            "/pods:list");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?}");

    @TempDir
    Path dir;

    @Test
    void the_chart_lints_clean() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void renders_every_kind_slipway_needs() {
        assertThat(render(null).kinds()).containsExactlyInAnyOrder("ServiceAccount", "Secret", "ConfigMap",
                "PersistentVolumeClaim", "Role", "RoleBinding", "Service", "Deployment");
    }

    @Test
    void every_field_it_renders_is_one_kubernetes_knows() {
        for (String values : new String[] {null, POSTGRES_VALUES, KUBERNETES_PROJECT_VALUES}) {
            assertThat(render(values).unknownFields()).isEmpty();
        }
    }

    @Test
    void by_default_one_pod_keeps_the_sqlite_file_on_a_claim_and_is_replaced_not_rolled() throws Exception {
        RenderedChart chart = render(SLACK_TOKENS);
        Deployment deployment = chart.one(Deployment.class);
        PersistentVolumeClaim claim = chart.one(PersistentVolumeClaim.class);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(volumeMountedAt(deployment, "/data").getPersistentVolumeClaim().getClaimName())
                .isEqualTo(claim.getMetadata().getName());
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        SlipwayConfig config = load(chart);
        assertThat(config.database().url()).isEqualTo("jdbc:sqlite:/data/slipway.db");
        assertThat(config.dataDir()).startsWith("/data/");
        assertThat(config.slack().signingSecret()).isEqualTo("signing");
    }

    @Test
    void on_postgresql_n_replicas_roll_without_a_claim_and_share_one_master_key_from_the_secret() throws Exception {
        RenderedChart chart = render(POSTGRES_VALUES);
        Deployment deployment = chart.one(Deployment.class);
        Secret secret = chart.one(Secret.class);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(chart.all(PersistentVolumeClaim.class)).isEmpty();
        assertThat(volumeMountedAt(deployment, "/data").getEmptyDir()).isNotNull();
        for (String variable : new String[] {KeyProviders.MASTER_KEY_VARIABLE, "SLIPWAY_DATABASE_USERNAME",
                "SLIPWAY_DATABASE_PASSWORD"}) {
            EnvVar env = container(deployment).getEnv().stream().filter(e -> e.getName().equals(variable))
                    .findFirst().orElseThrow(() -> new AssertionError(variable + " is not set"));
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret.getMetadata().getName());
            assertThat(env.getValueFrom().getSecretKeyRef().getOptional()).as(variable).isNotEqualTo(Boolean.TRUE);
            assertThat(secret.getStringData()).containsKey(env.getValueFrom().getSecretKeyRef().getKey());
        }
        assertThat(secret.getStringData()).containsEntry(KeyProviders.MASTER_KEY_VARIABLE, MASTER_KEY);
        SlipwayConfig config = load(chart);
        assertThat(config.database().url()).isEqualTo("jdbc:postgresql://db.internal:5432/slipway");
        assertThat(config.database().username()).isEqualTo("slipway");
        assertThat(config.database().password()).isEqualTo("database-password");
    }

    @Test
    void probes_ask_for_readiness_and_health_on_port_3000() {
        RenderedChart chart = render(null);
        Container container = container(chart.one(Deployment.class));
        Service service = chart.one(Service.class);

        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(3000);
        });
        assertThat(probePath(container.getReadinessProbe())).isEqualTo("/readyz");
        assertThat(probePath(container.getLivenessProbe())).isEqualTo("/healthz");
        assertThat(probePath(container.getStartupProbe())).isEqualTo("/healthz");
        for (Probe probe : new Probe[] {container.getReadinessProbe(), container.getLivenessProbe()}) {
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
        }
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(3000);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(service.getSpec().getSelector()).isEqualTo(chart.one(Deployment.class).getSpec().getSelector()
                .getMatchLabels());
    }

    @Test
    void the_container_runs_as_a_non_root_user_on_a_read_only_root_without_capabilities() {
        Deployment deployment = render(null).one(Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = container(deployment);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        // sqlite-jdbc unpacks its native library into java.io.tmpdir: /tmp must be writable.
        assertThat(volumeMountedAt(deployment, "/tmp").getEmptyDir()).isNotNull();
    }

    @Test
    void the_pod_runs_as_the_user_the_image_was_made_for() throws Exception {
        PodSpec pod = render(null).one(Deployment.class).getSpec().getTemplate().getSpec();
        List<DockerfileInstructions.Stage> stages = DockerfileInstructions.stages(
                DockerfileInstructions.parse(Files.readString(Path.of("Dockerfile"))));
        List<DockerfileInstructions.Instruction> users = stages.get(stages.size() - 1).all("USER");
        String[] user = users.get(users.size() - 1).arguments().split(":");

        // The image's /data belongs to this uid and gid; fsGroup makes a fresh volume writable for it too.
        assertThat(pod.getSecurityContext().getRunAsUser()).hasToString(user[0]);
        assertThat(pod.getSecurityContext().getRunAsGroup()).hasToString(user[1]);
        assertThat(pod.getSecurityContext().getFsGroup()).hasToString(user[1]);
    }

    @Test
    void pods_get_longer_to_stop_than_the_servers_shutdown_grace() {
        PodSpec pod = render(null).one(Deployment.class).getSpec().getTemplate().getSpec();

        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(ShutdownGrace.of().toSeconds());
    }

    @Test
    void the_role_grants_exactly_what_the_kubernetes_backend_does_to_the_charts_service_account() {
        RenderedChart chart = render(null);
        Role role = chart.one(Role.class);
        RoleBinding binding = chart.one(RoleBinding.class);
        ServiceAccount account = chart.one(ServiceAccount.class);

        assertThat(permissions(role)).isEqualTo(new TreeSet<>(BACKEND_PERMISSIONS));
        assertThat(role.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
            assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
        });
        PodSpec pod = chart.one(Deployment.class).getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(account.getMetadata().getName());
        assertThat(pod.getAutomountServiceAccountToken()).isTrue();
    }

    @Test
    void the_role_lets_the_kubernetes_backend_do_everything_it_does_and_nothing_it_does_not() throws Exception {
        Role role = render(null).one(Role.class);
        try (FakeKubernetes cluster = new FakeKubernetes(); RbacProxy apiServer = new RbacProxy(role, cluster.url())) {
            Path kubeconfig = FakeKubernetes.writeKubeconfig(dir.resolve("kubeconfig"), apiServer.url(), NAMESPACE);
            KubernetesBackend backend = new KubernetesBackend(new KubernetesSettings(kubeconfig.toString(),
                    FakeKubernetes.CONTEXT, NAMESPACE, 8080, 1, null, Map.of(), null, Map.of(),
                    Duration.ofSeconds(10), Duration.ofMillis(20)));

            // Start a preview (Deployment, Service, Ingress), and start it again: the objects exist, so updated.
            DeploymentTask preview = preview(1, "v1");
            backend.start(preview);
            backend.start(preview);
            // Follow a rollout whose pod crashes: its pods are listed to tell.
            DeploymentTask crashing = preview(2, "crash");
            assertThat(backend.follow(crashing, backend.start(crashing)).outcome()).isEqualTo(Outcome.FAILED);
            // Cancel a rollout: the Deployment is marked (an edit, so a patch).
            DeploymentTask stuck = preview(3, "stuck");
            backend.cancel(stuck, backend.start(stuck));
            // Retire the preview: its three objects are deleted.
            backend.retire(preview);

            assertThat(apiServer.requests()).allSatisfy(request -> assertThat(request.allowed())
                    .as("%s is allowed", request).isTrue());
            assertThat(apiServer.requests()).extracting(RbacProxy.Request::permission).containsAll(permissions(role));
        }
    }

    @Test
    void a_role_in_each_namespace_the_backend_deploys_to() {
        RenderedChart chart = render(KUBERNETES_PROJECT_VALUES);

        assertThat(chart.all(Role.class)).extracting(r -> r.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("shop-preview", "shop");
        assertThat(chart.all(Role.class)).allSatisfy(r -> assertThat(permissions(r))
                .isEqualTo(new TreeSet<>(BACKEND_PERMISSIONS)));
        assertThat(chart.all(RoleBinding.class)).extracting(b -> b.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("shop-preview", "shop");
        assertThat(chart.all(RoleBinding.class)).flatExtracting(RoleBinding::getSubjects)
                .allSatisfy(s -> assertThat(s.getNamespace()).isEqualTo(NAMESPACE));
    }

    @Test
    void the_configmaps_slipway_yaml_passes_check_config_with_the_secrets_tokens() throws Exception {
        RenderedChart chart = render(KUBERNETES_PROJECT_VALUES);

        SlipwayConfig config = load(chart);

        assertThat(config.server().port()).isEqualTo(3000);
        assertThat(config.slack().botToken()).isEqualTo("xoxb-1");
        assertThat(config.projects()).singleElement().satisfies(p -> assertThat(p.hookToken()).isEqualTo("hook-token"));
        assertThat(config.projects().get(0).environments().get("production").backend().type()).isEqualTo("kubernetes");
        // Every ${VAR} the file names reaches the container, from the Secret.
        assertThat(referencedVariables(slipwayYaml(chart))).isSubsetOf(environment(chart).keySet())
                .contains("SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SHOP_HOOK_TOKEN");
    }

    @Test
    void a_metrics_token_is_wired_from_the_secret_only_when_one_is_given() throws Exception {
        RenderedChart without = render(null);
        RenderedChart with = render("secrets:\n  metricsToken: metrics-bearer\n");

        assertThat(serverSection(without)).doesNotContainKey("metricsToken");
        assertThat(serverSection(with)).containsEntry("metricsToken", "${SLIPWAY_METRICS_TOKEN}");
        assertThat(with.one(Secret.class).getStringData()).containsEntry("SLIPWAY_METRICS_TOKEN", "metrics-bearer");
        assertThat(environment(with)).containsEntry("SLIPWAY_METRICS_TOKEN", "metrics-bearer");
        // and Slipway reads it as the token GET /metrics asks for
        RenderedChart complete = render(KUBERNETES_PROJECT_VALUES.replace("secrets:\n",
                "secrets:\n  metricsToken: metrics-bearer\n"));
        assertThat(load(complete).server().metricsToken()).isEqualTo("metrics-bearer");
        assertThat(load(render(KUBERNETES_PROJECT_VALUES)).server().metricsToken()).isNull();
    }

    @Test
    void refuses_two_replicas_on_sqlite() {
        assertThatThrownBy(() -> render("replicaCount: 2\n"))
                .hasMessageContaining("replicaCount 2 needs postgresql.enabled");
    }

    @Test
    void refuses_postgresql_without_a_master_key_every_replica_shares() {
        String withoutKey = POSTGRES_VALUES.replace("  masterKey: " + MASTER_KEY + "\n", "");

        assertThatThrownBy(() -> render(withoutKey)).hasMessageContaining("needs secrets.masterKey");
        assertThatThrownBy(() -> render(POSTGRES_VALUES.replace(MASTER_KEY, "c2hvcnQ=")))
                .hasMessageContaining("base64 of 32 bytes");
    }

    @Test
    void an_existing_secret_replaces_the_charts_own() {
        RenderedChart chart = render(POSTGRES_VALUES + "  existingSecret: slipway-tokens\n");

        assertThat(chart.all(Secret.class)).isEmpty();
        Container container = container(chart.one(Deployment.class));
        assertThat(container.getEnvFrom()).singleElement()
                .satisfies(from -> assertThat(from.getSecretRef().getName()).isEqualTo("slipway-tokens"));
        assertThat(container.getEnv()).allSatisfy(env -> assertThat(env.getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("slipway-tokens"));
    }

    /** A preview of web-api running {@code tag}, whose Ingress the backend writes (the project has a URL). */
    private static DeploymentTask preview(long id, String tag) {
        return new DeploymentTask(id, "web-api", "preview", "registry.example.com/acme/web-api:" + tag, "alice",
                "C0001", "1717171600.000100", "https://api.example.com", new PreviewSlot("branch", "feature-" + id));
    }

    private RenderedChart render(String values) {
        TemplateCommand template = new Helm(CHART).template().withName("slipway").withNamespace(NAMESPACE);
        if (values != null) {
            try {
                Path file = Files.createTempFile(dir, "values", ".yaml");
                Files.writeString(file, values);
                template = template.withValuesFile(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return RenderedChart.parse(template.call());
    }

    /**
     * The ConfigMap's slipway.yaml, loaded as {@code check-config} loads it (every backend type, every check), with
     * the environment the container gets from the Secret.
     */
    private SlipwayConfig load(RenderedChart chart) throws Exception {
        Path file = Files.createTempFile(dir, "slipway", ".yaml");
        Files.writeString(file, slipwayYaml(chart));
        Map<String, String> environment = environment(chart);
        return new ConfigLoader(Slipway.backendSettingsTypes(), Slipway.backendRefKinds(), Slipway.backendChains(),
                environment::get).load(file);
    }

    private static String slipwayYaml(RenderedChart chart) {
        ConfigMap configMap = chart.one(ConfigMap.class);
        Container container = container(chart.one(Deployment.class));
        String mountPath = container.getVolumeMounts().stream().filter(m -> m.getName().equals("config"))
                .map(VolumeMount::getMountPath).findFirst().orElseThrow();
        // The container is started with --config FILE: the ConfigMap must be mounted where that file is.
        assertThat(container.getArgs()).containsExactly("serve", "--config", mountPath + "/slipway.yaml");
        assertThat(configMap.getData()).containsKey("slipway.yaml");
        return configMap.getData().get("slipway.yaml");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> serverSection(RenderedChart chart) {
        Map<String, Object> root = new Yaml().load(slipwayYaml(chart));
        return (Map<String, Object>) root.get("server");
    }

    /** The container's environment as Kubernetes would build it from the chart's Secret: envFrom, then env. */
    private static Map<String, String> environment(RenderedChart chart) {
        Secret secret = chart.one(Secret.class);
        Map<String, String> data = secret.getStringData() != null ? secret.getStringData() : Map.of();
        Container container = container(chart.one(Deployment.class));
        Map<String, String> environment = new HashMap<>();
        container.getEnvFrom().forEach(from -> {
            assertThat(from.getSecretRef().getName()).isEqualTo(secret.getMetadata().getName());
            environment.putAll(data);
        });
        if (container.getEnv() != null) {
            for (EnvVar env : container.getEnv()) {
                environment.put(env.getName(), env.getValueFrom() != null
                        ? data.get(env.getValueFrom().getSecretKeyRef().getKey()) : env.getValue());
            }
        }
        return environment;
    }

    private static Set<String> referencedVariables(String yaml) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = ENV_REFERENCE.matcher(yaml);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static Set<String> permissions(Role role) {
        Set<String> permissions = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    rule.getVerbs().forEach(verb -> permissions.add(group + "/" + resource + ":" + verb));
                }
            }
        }
        return permissions;
    }

    private static Container container(Deployment deployment) {
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Volume volumeMountedAt(Deployment deployment, String path) {
        String name = container(deployment).getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path))
                .map(VolumeMount::getName).findFirst().orElseThrow(() -> new AssertionError("nothing at " + path));
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    private static String probePath(Probe probe) {
        assertThat(probe).isNotNull();
        return probe.getHttpGet().getPath();
    }
}
