package dev.slipway.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.slipway.backend.Backend;
import dev.slipway.backend.FollowedBackend;
import dev.slipway.backend.FollowedBackendContract;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.BackendType;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.RunResult;
import dev.slipway.backend.RunResult.Outcome;
import dev.slipway.backend.StartedRun;
import dev.slipway.backend.TransientBackendException;
import dev.slipway.domain.PreviewSlot;
import dev.slipway.testing.FakeKubernetes;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubernetesBackendTest extends FollowedBackendContract {
    private static final String NAMESPACE = "apps";
    private static final String REGISTRY = "registry.example.com/acme/web-api:";
    private static final String PROJECT_URL = "https://api.example.com";
    private static final AtomicLong DEPLOYMENT_IDS = new AtomicLong(100);
    /** Longer than any rollout here takes; the test of the timeout starts its run in the past instead of waiting. */
    private static final Duration ROLLOUT_TIMEOUT = Duration.ofSeconds(10);

    private static FakeKubernetes cluster;
    private static Path kubeconfig;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startCluster() {
        cluster = new FakeKubernetes();
        kubeconfig = FakeKubernetes.writeKubeconfig(tmp.resolve("kubeconfig"), cluster.url(), NAMESPACE);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    // --- the contract's hooks: the fake cluster behaves according to the image's tag

    @Override
    protected FollowedBackend newBackend() {
        return new KubernetesBackend(settings(kubeconfig.toString()));
    }

    @Override
    protected DeploymentTask taskThatSucceeds() {
        return preview("v1");
    }

    @Override
    protected DeploymentTask taskThatFails() {
        return preview("deadline");
    }

    @Override
    protected DeploymentTask taskThatRunsUntilCancelled() {
        return preview("stuck");
    }

    /** Each task has a slot of its own; its Deployment's generation counts the specs written to it. */
    @Override
    protected int timesStarted(DeploymentTask task) throws Exception {
        Deployment deployment = deployment(KubernetesTarget.of(NAMESPACE, task).name());
        return deployment == null ? 0 : deployment.getMetadata().getGeneration().intValue();
    }

    // --- the objects

    @Test
    void writes_a_deployment_a_service_and_an_ingress_for_a_preview() throws Exception {
        DeploymentTask task = preview("v1");
        String target = task.preview().target();
        String name = "web-api-branch-" + target;

        StartedRun run = newBackend().start(task);

        assertThat(run.handle()).isEqualTo(NAMESPACE + "/" + name);
        assertThat(run.url()).isEqualTo("https://" + target + ".branch.api.example.com");
        Map<String, String> labels = Map.of(
                "app.kubernetes.io/instance", name,
                "app.kubernetes.io/managed-by", "slipway",
                "slipway/project", "web-api",
                "slipway/type", "branch",
                "slipway/target", target,
                "slipway/environment", "preview");

        Deployment deployment = deployment(name);
        assertThat(deployment.getMetadata().getLabels()).isEqualTo(labels);
        assertThat(deployment.getMetadata().getAnnotations())
                .containsEntry("slipway/deployment", Long.toString(task.deploymentId()))
                .containsEntry("slipway/started-at", run.startedAt().toString());
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of(
                "app.kubernetes.io/instance", name, "app.kubernetes.io/managed-by", "slipway"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(labels);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        assertThat(container.getName()).isEqualTo("web-api");
        assertThat(container.getImage()).isEqualTo(REGISTRY + "v1");
        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getContainerPort()).isEqualTo(8080);
            assertThat(port.getName()).isEqualTo("http");
        });
        assertThat(container.getEnv()).containsExactly(
                new EnvVar("APP_ENV", "preview", null),
                new EnvVar("DEPLOYED_BY", "alice for #" + task.deploymentId(), null));
        assertThat(container.getResources().getRequests())
                .isEqualTo(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi")));
        assertThat(container.getResources().getLimits()).isEqualTo(Map.of("memory", new Quantity("256Mi")));

        Service service = client().services().inNamespace(NAMESPACE).withName(name).get();
        assertThat(service.getMetadata().getLabels()).isEqualTo(labels);
        assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getTemplate().getMetadata()
                .getLabels());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(80);
            assertThat(port.getTargetPort().getIntVal()).isEqualTo(8080);
        });

        Ingress ingress = ingress(name);
        assertThat(ingress.getMetadata().getLabels()).isEqualTo(labels);
        assertThat(ingress.getMetadata().getAnnotations())
                .isEqualTo(Map.of("cert-manager.io/cluster-issuer", "letsencrypt"));
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        IngressRule rule = ingress.getSpec().getRules().get(0);
        assertThat(ingress.getSpec().getRules()).hasSize(1);
        assertThat(rule.getHost()).isEqualTo(target + ".branch.api.example.com");
        HTTPIngressPath path = rule.getHttp().getPaths().get(0);
        assertThat(path.getPath()).isEqualTo("/");
        assertThat(path.getPathType()).isEqualTo("Prefix");
        assertThat(path.getBackend().getService().getName()).isEqualTo(name);
        assertThat(path.getBackend().getService().getPort().getNumber()).isEqualTo(80);
    }

    @Test
    void a_long_target_gets_a_name_of_at_most_63_characters_ending_in_a_hash() throws Exception {
        String target = "feature-a-very-long-branch-name-that-goes-on-and-on-" + DEPLOYMENT_IDS.incrementAndGet();
        DeploymentTask task = task("v1", "preview", PROJECT_URL, new PreviewSlot("branch", target));

        StartedRun run = newBackend().start(task);

        String name = run.handle().substring(NAMESPACE.length() + 1);
        assertThat(name).hasSizeLessThanOrEqualTo(63).startsWith("web-api-branch-feature-a-very-long")
                .matches(".*-[0-9a-f]{8}");
        assertThat(deployment(name).getMetadata().getLabels()).containsEntry("slipway/target", target);
        assertThat(ingress(name).getSpec().getRules().get(0).getHost())
                .isEqualTo(target + ".branch.api.example.com");
    }

    @Test
    void starting_twice_leaves_one_of_each_object_with_the_same_spec() throws Exception {
        DeploymentTask task = preview("v1");
        StartedRun first = newBackend().start(task);
        String name = first.handle().substring(NAMESPACE.length() + 1);
        Deployment deployment = deployment(name);
        Service service = client().services().inNamespace(NAMESPACE).withName(name).get();
        Ingress ingress = ingress(name);

        StartedRun second = newBackend().start(task);

        assertThat(second).isEqualTo(first);
        assertThat(listed(name, "deployments")).isEqualTo(1);
        assertThat(listed(name, "services")).isEqualTo(1);
        assertThat(listed(name, "ingresses")).isEqualTo(1);
        assertThat(deployment(name).getSpec()).isEqualTo(deployment.getSpec());
        assertThat(deployment(name).getMetadata().getGeneration()).isEqualTo(1);
        assertThat(deployment(name).getMetadata().getAnnotations()).isEqualTo(deployment.getMetadata()
                .getAnnotations());
        assertThat(client().services().inNamespace(NAMESPACE).withName(name).get().getSpec())
                .isEqualTo(service.getSpec());
        assertThat(ingress(name).getSpec()).isEqualTo(ingress.getSpec());
    }

    @Test
    void a_new_image_for_the_same_slot_updates_the_objects_in_place() throws Exception {
        DeploymentTask first = preview("v1");
        StartedRun run = newBackend().start(first);
        DeploymentTask second = task("v2", "preview", PROJECT_URL, first.preview());

        StartedRun next = newBackend().start(second);

        String name = run.handle().substring(NAMESPACE.length() + 1);
        assertThat(next.handle()).isEqualTo(run.handle());
        assertThat(listed(name, "deployments")).isEqualTo(1);
        assertThat(deployment(name).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(REGISTRY + "v2");
        assertThat(newBackend().follow(second, next).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void production_is_named_after_the_project_and_served_at_the_project_host() throws Exception {
        String project = "shop-" + DEPLOYMENT_IDS.incrementAndGet();
        DeploymentTask task = new DeploymentTask(DEPLOYMENT_IDS.incrementAndGet(), project, "production",
                REGISTRY + "v1", "alice", "C0001", null, "https://" + project + ".example.com/", null);
        FollowedBackend backend = newBackend();

        StartedRun run = backend.start(task);

        assertThat(run.handle()).isEqualTo(NAMESPACE + "/" + project);
        assertThat(run.url()).isEqualTo("https://" + project + ".example.com");
        assertThat(deployment(project).getMetadata().getLabels()).isEqualTo(Map.of(
                "app.kubernetes.io/instance", project,
                "app.kubernetes.io/managed-by", "slipway",
                "slipway/project", project,
                "slipway/environment", "production"));
        assertThat(ingress(project).getSpec().getRules().get(0).getHost()).isEqualTo(project + ".example.com");
        assertThat(backend.follow(task, run).summary())
                .isEqualTo("available at https://" + project + ".example.com (2/2 ready)");
    }

    @Test
    void without_a_project_url_there_is_no_ingress_and_no_link() throws Exception {
        DeploymentTask task = task("v1", "preview", null, slot());
        FollowedBackend backend = newBackend();

        StartedRun run = backend.start(task);

        String name = run.handle().substring(NAMESPACE.length() + 1);
        assertThat(run.url()).isNull();
        assertThat(ingress(name)).isNull();
        assertThat(client().services().inNamespace(NAMESPACE).withName(name).get()).isNotNull();
        assertThat(backend.follow(task, run).summary()).isEqualTo("rolled out as " + run.handle() + " (2/2 ready)");
    }

    // --- following the rollout

    @Test
    void a_preview_that_rolls_out_is_reported_at_its_address() throws Exception {
        DeploymentTask task = preview("v1");
        FollowedBackend backend = newBackend();

        RunResult result = backend.follow(task, backend.start(task));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.summary()).isEqualTo("available at https://" + task.preview().target()
                + ".branch.api.example.com (2/2 ready)");
        assertThat(result.tail()).contains("Progressing=True NewReplicaSetAvailable: ReplicaSet has successfully "
                + "progressed.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            deadline     | the rollout made no progress within its deadline (ProgressDeadlineExceeded): ReplicaSet
            pull-backoff | the image <image> could not be pulled (ImagePullBackOff): Back-off pulling image "<image>"
            err-pull     | the image <image> could not be pulled (ErrImagePull): rpc error
            crash        | the container web-api keeps crashing (CrashLoopBackOff): it last exited with code 1 (Error)
            bad-config | the container's configuration is invalid (CreateContainerConfigError): secret "web-api-secrets"
            """)
    void a_rollout_that_cannot_succeed_fails_at_once_saying_why(String tag, String summary) throws Exception {
        DeploymentTask task = preview(tag);
        FollowedBackend backend = newBackend();

        RunResult result = backend.follow(task, backend.start(task));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).startsWith(summary.replace("<image>", REGISTRY + tag));
    }

    @Test
    void a_rollout_not_available_within_rollout_timeout_fails() throws Exception {
        DeploymentTask task = preview("stuck");
        FollowedBackend backend = newBackend();
        StartedRun run = backend.start(task);
        StartedRun startedLongAgo = new StartedRun(run.handle(), run.url(), Instant.now().minus(Duration.ofHours(1)));

        RunResult result = backend.follow(task, startedLongAgo);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).startsWith("not available after 10s (rolloutTimeout)");
    }

    @Test
    void retiring_a_preview_deletes_its_deployment_service_and_ingress_and_may_be_repeated() throws Exception {
        DeploymentTask task = preview("v1");
        String name = "web-api-branch-" + task.preview().target();
        FollowedBackend backend = newBackend();
        backend.start(task);
        assertThat(listed(name, "deployments") + listed(name, "services") + listed(name, "ingresses")).isEqualTo(3);

        backend.retire(task);
        backend.retire(task);

        assertThat(listed(name, "deployments") + listed(name, "services") + listed(name, "ingresses")).isZero();
    }

    @Test
    void retiring_never_touches_production() throws Exception {
        DeploymentTask production = task("v1", "production", PROJECT_URL, null);
        FollowedBackend backend = newBackend();
        backend.start(production);

        backend.retire(production);

        assertThat(listed("web-api", "deployments") + listed("web-api", "services") + listed("web-api", "ingresses"))
                .isEqualTo(3);
    }

    @Test
    void a_deployment_deleted_under_the_run_fails_it() throws Exception {
        DeploymentTask task = preview("stuck");
        FollowedBackend backend = newBackend();
        StartedRun run = backend.start(task);
        client().apps().deployments().inNamespace(NAMESPACE).withName(run.handle().substring(NAMESPACE.length() + 1))
                .delete();

        RunResult result = backend.follow(task, run);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isEqualTo("the Deployment " + run.handle() + " was deleted before its rollout "
                + "ended");
    }

    @Test
    void a_run_whose_slot_a_later_deployment_took_over_fails() throws Exception {
        DeploymentTask first = preview("stuck");
        FollowedBackend backend = newBackend();
        StartedRun run = backend.start(first);
        DeploymentTask second = task("v2", "preview", PROJECT_URL, first.preview());
        backend.start(second);

        RunResult result = backend.follow(first, run);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isEqualTo("the Deployment " + run.handle() + " was taken over by deployment "
                + second.deploymentId() + " before this rollout ended");
    }

    @Test
    void a_cancelled_run_does_not_cancel_the_next_deployment_of_the_same_slot() throws Exception {
        DeploymentTask first = preview("stuck");
        FollowedBackend backend = newBackend();
        StartedRun run = backend.start(first);
        backend.cancel(first, run);
        DeploymentTask second = task("v2", "preview", PROJECT_URL, first.preview());

        RunResult result = backend.follow(second, backend.start(second));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(backend.follow(first, run).summary())
                .isEqualTo("cancelled; the Kubernetes objects were left as they are");
        assertThat(deployment(run.handle().substring(NAMESPACE.length() + 1))).isNotNull();
    }

    @Test
    void a_run_without_an_image_is_refused() {
        DeploymentTask task = task(" ", "preview", PROJECT_URL, slot());

        PermanentBackendException e = catchThrowableOfType(PermanentBackendException.class,
                () -> newBackend().start(task));

        assertThat(e).hasMessageContaining("names no image to deploy");
    }

    // --- rolling a failed rollout back (autoRollback)

    @Test
    void with_auto_rollback_a_failed_rollout_is_rolled_back_to_the_image_that_ran_before() throws Exception {
        FollowedBackend backend = rollingBack(ROLLOUT_TIMEOUT);
        DeploymentTask first = preview("v1");
        assertThat(backend.follow(first, backend.start(first)).outcome()).isEqualTo(Outcome.SUCCEEDED);
        DeploymentTask second = task("deadline", "preview", PROJECT_URL, first.preview());
        StartedRun run = backend.start(second);
        String name = run.handle().substring(NAMESPACE.length() + 1);
        List<String> progress = new CopyOnWriteArrayList<>();

        RunResult result = backend.follow(second, run, progress::add);

        String reason = "the rollout made no progress within its deadline (ProgressDeadlineExceeded): ReplicaSet \""
                + name + "-6d9f7c8b5f\" has timed out progressing.";
        String failure = "rollout of " + REGISTRY + "deadline failed (" + reason + ")";
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isEqualTo(failure + "; rolled back to " + REGISTRY + "v1, which is ready");
        assertThat(result.fullOutput()).contains("rollback to " + REGISTRY + "v1:\nAvailable=True");
        assertThat(progress).containsExactly("Rolling back to " + REGISTRY + "v1, as the rollout failed: " + reason);
        assertThat(imagesPut(name)).containsExactly(REGISTRY + "deadline", REGISTRY + "v1");
        Deployment deployment = deployment(name);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(REGISTRY + "v1");
        assertThat(deployment.getMetadata().getAnnotations())
                .containsEntry("slipway/deployment", Long.toString(second.deploymentId()))
                .containsEntry("slipway/previous-images", "web-api=" + REGISTRY + "v1")
                .containsEntry("slipway/rolled-back", Long.toString(second.deploymentId()));
    }

    @Test
    void with_auto_rollback_a_rollout_not_available_within_rollout_timeout_is_rolled_back() throws Exception {
        FollowedBackend backend = rollingBack(ROLLOUT_TIMEOUT);
        DeploymentTask first = preview("v1");
        backend.follow(first, backend.start(first));
        DeploymentTask second = task("stuck", "preview", PROJECT_URL, first.preview());
        StartedRun run = backend.start(second);
        StartedRun startedLongAgo = new StartedRun(run.handle(), run.url(), Instant.now().minus(Duration.ofHours(1)));

        RunResult result = backend.follow(second, startedLongAgo);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).startsWith("rollout of " + REGISTRY + "stuck failed (not available after 10s "
                + "(rolloutTimeout)").endsWith("); rolled back to " + REGISTRY + "v1, which is ready");
        assertThat(imagesPut(run.handle().substring(NAMESPACE.length() + 1)))
                .containsExactly(REGISTRY + "stuck", REGISTRY + "v1");
    }

    @Test
    void starting_twice_keeps_the_image_that_ran_before_the_first_start() throws Exception {
        FollowedBackend backend = rollingBack(ROLLOUT_TIMEOUT);
        DeploymentTask first = preview("v1");
        backend.follow(first, backend.start(first));
        DeploymentTask second = task("v2", "preview", PROJECT_URL, first.preview());

        StartedRun run = backend.start(second);
        backend.start(second);

        assertThat(deployment(run.handle().substring(NAMESPACE.length() + 1)).getMetadata().getAnnotations())
                .containsEntry("slipway/previous-images", "web-api=" + REGISTRY + "v1");
    }

    @Test
    void following_a_rolled_back_run_again_reports_the_rollback_without_writing_anything() throws Exception {
        FollowedBackend backend = rollingBack(ROLLOUT_TIMEOUT);
        DeploymentTask first = preview("v1");
        backend.follow(first, backend.start(first));
        DeploymentTask second = task("crash", "preview", PROJECT_URL, first.preview());
        StartedRun run = backend.start(second);
        RunResult rolledBack = backend.follow(second, run);
        String name = run.handle().substring(NAMESPACE.length() + 1);
        int writes = imagesPut(name).size();

        RunResult again = rollingBack(ROLLOUT_TIMEOUT).follow(second, run);
        RunResult withoutAutoRollback = newBackend().follow(second, run);

        assertThat(rolledBack.summary()).isEqualTo("rollout of " + REGISTRY + "crash failed (the container web-api "
                + "keeps crashing (CrashLoopBackOff): it last exited with code 1 (Error)); rolled back to "
                + REGISTRY + "v1, which is ready");
        assertThat(again.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(again.summary()).isEqualTo(rolledBack.summary());
        assertThat(withoutAutoRollback.summary()).isEqualTo(rolledBack.summary());
        assertThat(imagesPut(name)).hasSize(writes);
    }

    @Test
    void without_auto_rollback_a_failed_rollout_is_left_as_it_is() throws Exception {
        FollowedBackend backend = newBackend();
        DeploymentTask first = preview("v1");
        backend.follow(first, backend.start(first));
        DeploymentTask second = task("deadline", "preview", PROJECT_URL, first.preview());
        StartedRun run = backend.start(second);
        String name = run.handle().substring(NAMESPACE.length() + 1);

        RunResult result = backend.follow(second, run);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isEqualTo("the rollout made no progress within its deadline "
                + "(ProgressDeadlineExceeded): ReplicaSet \"" + name + "-6d9f7c8b5f\" has timed out progressing.");
        assertThat(imagesPut(name)).containsExactly(REGISTRY + "deadline");
        Deployment deployment = deployment(name);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(REGISTRY + "deadline");
        assertThat(deployment.getMetadata().getAnnotations())
                .doesNotContainKeys("slipway/previous-images", "slipway/rolled-back");
    }

    @Test
    void a_first_deployment_that_fails_has_nothing_to_roll_back_to() throws Exception {
        FollowedBackend backend = (FollowedBackend) KubernetesBackend.type().create(settings(kubeconfig.toString()),
                new BackendType.Placement("web-api", null, true));
        DeploymentTask task = preview("pull-backoff");
        StartedRun run = backend.start(task);
        String name = run.handle().substring(NAMESPACE.length() + 1);

        RunResult result = backend.follow(task, run);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).startsWith("rollout of " + REGISTRY + "pull-backoff failed (the image "
                + REGISTRY + "pull-backoff could not be pulled (ImagePullBackOff)")
                .endsWith("; not rolled back: there is no earlier image to roll back to, as this was the first "
                        + "deployment to " + run.handle());
        assertThat(imagesPut(name)).isEmpty();
        assertThat(deployment(name).getMetadata().getAnnotations()).containsEntry("slipway/previous-images", "");
    }

    @Test
    void a_failed_rollout_of_the_image_that_ran_before_is_not_rolled_back() throws Exception {
        FollowedBackend backend = rollingBack(ROLLOUT_TIMEOUT);
        DeploymentTask first = preview("deadline");
        backend.start(first);
        DeploymentTask second = task("deadline", "preview", PROJECT_URL, first.preview());
        StartedRun run = backend.start(second);

        RunResult result = backend.follow(second, run);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).endsWith("; not rolled back: " + REGISTRY + "deadline ran before this rollout "
                + "too");
        assertThat(imagesPut(run.handle().substring(NAMESPACE.length() + 1)))
                .containsExactly(REGISTRY + "deadline");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            crash | the container web-api keeps crashing (CrashLoopBackOff): it last exited with code 1 (Error)
            stuck | not available after 2s (rolloutTimeout): 0 out of 2 new replicas have been updated
            """)
    void a_rollback_that_fails_too_is_reported_with_why(String previousTag, String why) throws Exception {
        FollowedBackend backend = rollingBack(Duration.ofSeconds(2));
        DeploymentTask first = preview(previousTag);
        backend.start(first);
        DeploymentTask second = task("deadline", "preview", PROJECT_URL, first.preview());
        StartedRun run = backend.start(second);
        String name = run.handle().substring(NAMESPACE.length() + 1);

        RunResult result = backend.follow(second, run);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).startsWith("rollout of " + REGISTRY + "deadline failed (")
                .endsWith("; the rollback to " + REGISTRY + previousTag + " failed too: " + why);
        assertThat(imagesPut(name)).containsExactly(REGISTRY + "deadline", REGISTRY + previousTag);
        assertThat(deployment(name).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(REGISTRY + previousTag);
    }

    @Test
    void cancelling_while_rolling_back_ends_the_run_cancelled_saying_so() throws Exception {
        FollowedBackend backend = rollingBack(ROLLOUT_TIMEOUT);
        DeploymentTask first = preview("stuck");
        backend.start(first);
        DeploymentTask second = task("deadline", "preview", PROJECT_URL, first.preview());
        StartedRun run = backend.start(second);
        List<String> progress = new CopyOnWriteArrayList<>();
        ExecutorService follower = Executors.newSingleThreadExecutor();
        try {
            Future<RunResult> following = follower.submit(() -> backend.follow(second, run, progress::add));
            await().atMost(Duration.ofSeconds(30)).until(() -> !progress.isEmpty());

            backend.cancel(second, run);

            RunResult result = following.get(30, TimeUnit.SECONDS);
            assertThat(result.outcome()).isEqualTo(Outcome.CANCELLED);
            assertThat(result.summary()).startsWith("rollout of " + REGISTRY + "deadline failed (")
                    .endsWith("; cancelled while rolling back to " + REGISTRY + "stuck; the Kubernetes objects were "
                            + "left as they are");
        } finally {
            follower.shutdownNow();
        }
    }

    @Test
    void a_rollback_the_cluster_refuses_is_reported_with_its_words() throws Exception {
        KubernetesMockServer refusing = new KubernetesMockServer(false);
        refusing.start(FakeKubernetes.loopback(), 0);
        try {
            DeploymentTask task = new DeploymentTask(DEPLOYMENT_IDS.incrementAndGet(), "web-api", "production",
                    "registry.example.com/acme/web-api:v2.14.0", "alice", "C0001", null, null, null);
            Deployment failed = new DeploymentBuilder(fixture("k8s-deployment-failed.json")).editMetadata()
                    .addToAnnotations("slipway/deployment", Long.toString(task.deploymentId()))
                    .addToAnnotations("slipway/previous-images", "web-api=registry.example.com/acme/web-api:v2.13.2")
                    .endMetadata().build();
            String path = "/apis/apps/v1/namespaces/prod/deployments/web-api";
            refusing.expect().get().withPath(path).andReturn(200, failed).always();
            String forbidden = "deployments.apps \"web-api\" is forbidden: User \"system:serviceaccount:slipway:"
                    + "slipway\" cannot update resource \"deployments\"";
            refusing.expect().put().withPath(path).andReturn(403, new StatusBuilder().withStatus("Failure")
                    .withCode(403).withMessage(forbidden).build()).always();
            Path config = FakeKubernetes.writeKubeconfig(tmp.resolve("refusing-rollback"),
                    "http://127.0.0.1:" + refusing.getPort(), "prod");
            FollowedBackend backend = new KubernetesBackend(settings(config.toString()), true);

            RunResult result = backend.follow(task, new StartedRun("prod/web-api", null, Instant.now()));

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.summary()).startsWith("rollout of registry.example.com/acme/web-api:v2.14.0 failed (the "
                    + "rollout made no progress within its deadline (ProgressDeadlineExceeded)")
                    .endsWith("; could not roll back: Slipway is not allowed to roll the Deployment prod/web-api back "
                            + "(403 Forbidden): " + forbidden);
            assertThat(refusing.getLastRequest().getMethod()).isEqualTo("PUT");
            assertThat(Serialization.unmarshal(refusing.getLastRequest().getUtf8Body(), Deployment.class).getSpec()
                    .getTemplate().getSpec().getContainers().get(0).getImage())
                    .isEqualTo("registry.example.com/acme/web-api:v2.13.2");
        } finally {
            refusing.shutdown();
        }
    }

    // --- reaching the cluster

    @Test
    void an_unknown_context_is_a_permanent_failure() throws Exception {
        KubernetesSettings settings = new KubernetesSettings(kubeconfig.toString(), "staging", NAMESPACE, null,
                null, null, null, null, null, null, null);

        PermanentBackendException e = catchThrowableOfType(PermanentBackendException.class,
                () -> new KubernetesBackend(settings).start(preview("v1")));

        assertThat(e).hasMessage("there is no context staging in the kubeconfig " + kubeconfig
                + " (contexts: fake, nowhere)");
    }

    @Test
    void a_missing_kubeconfig_is_a_permanent_failure() {
        Path missing = tmp.resolve("no-such-kubeconfig");

        PermanentBackendException e = catchThrowableOfType(PermanentBackendException.class,
                () -> new KubernetesBackend(settings(missing.toString())).start(preview("v1")));

        assertThat(e).hasMessage("the kubeconfig " + missing + " does not exist or cannot be read");
    }

    @Test
    void an_unreachable_cluster_is_a_transient_failure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, FakeKubernetes.loopback())) {
            closedPort = socket.getLocalPort();
        }
        Path config = FakeKubernetes.writeKubeconfig(tmp.resolve("unreachable"),
                "http://127.0.0.1:" + closedPort, NAMESPACE);

        TransientBackendException e = catchThrowableOfType(TransientBackendException.class,
                () -> new KubernetesBackend(settings(config.toString())).start(preview("v1")));

        assertThat(e).hasMessageStartingWith("could not reach the Kubernetes cluster at http://127.0.0.1:"
                + closedPort + "/ to read the Deployment " + NAMESPACE + "/web-api-branch-");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            401 | false | the Kubernetes cluster did not accept Slipway's credentials (401 Unauthorized)
            403 | false | Slipway is not allowed to write the Deployment
            404 | false | the namespace apps does not exist in the Kubernetes cluster (404 Not Found)
            422 | false | the Kubernetes cluster refused to write the Deployment
            429 | true  | the Kubernetes cluster asked Slipway to slow down (429 Too Many Requests)
            500 | true  | the Kubernetes cluster failed to write the Deployment
            503 | true  | the Kubernetes cluster failed to write the Deployment
            """)
    void refusals_of_the_cluster_are_permanent_and_its_troubles_transient(int code, boolean retryable,
                                                                          String message) throws Exception {
        KubernetesMockServer refusing = new KubernetesMockServer(false);
        refusing.start(FakeKubernetes.loopback(), 0);
        try {
            refusing.expect().post().withPath("/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments")
                    .andReturn(code, refusal(code)).always();
            Path config = FakeKubernetes.writeKubeconfig(tmp.resolve("refusing-" + code),
                    "http://127.0.0.1:" + refusing.getPort(), NAMESPACE);
            FollowedBackend backend = new KubernetesBackend(settings(config.toString()));

            BackendException e = catchThrowableOfType(BackendException.class, () -> backend.start(preview("v1")));

            assertThat(e.retryable()).isEqualTo(retryable);
            assertThat(e).hasMessageStartingWith(message).hasMessageNotContaining("fake-token");
        } finally {
            refusing.shutdown();
        }
    }

    @Test
    void a_forbidden_answer_is_explained_with_the_clusters_words() throws Exception {
        KubernetesMockServer refusing = new KubernetesMockServer(false);
        refusing.start(FakeKubernetes.loopback(), 0);
        try {
            refusing.expect().post().withPath("/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments")
                    .andReturn(403, refusal(403)).always();
            Path config = FakeKubernetes.writeKubeconfig(tmp.resolve("forbidding"),
                    "http://127.0.0.1:" + refusing.getPort(), NAMESPACE);
            DeploymentTask task = preview("v1");
            String handle = KubernetesTarget.of(NAMESPACE, task).handle();

            PermanentBackendException e = catchThrowableOfType(PermanentBackendException.class,
                    () -> new KubernetesBackend(settings(config.toString())).start(task));

            assertThat(e).hasMessage("Slipway is not allowed to write the Deployment " + handle + " (403 Forbidden): "
                    + "deployments.apps is forbidden: User \"system:serviceaccount:slipway:slipway\" cannot create "
                    + "resource \"deployments\" in API group \"apps\" in the namespace \"apps\"");
        } finally {
            refusing.shutdown();
        }
    }

    @Test
    void troubles_reaching_the_cluster_while_following_are_waited_out() throws Exception {
        KubernetesMockServer flaky = new KubernetesMockServer(false);
        flaky.start(FakeKubernetes.loopback(), 0);
        try {
            Deployment complete = fixture("k8s-deployment-complete.json");
            String path = "/apis/apps/v1/namespaces/prod/deployments/web-api";
            flaky.expect().get().withPath(path).andReturn(503, refusal(503)).times(2);
            flaky.expect().get().withPath(path).andReturn(200, complete).always();
            Path config = FakeKubernetes.writeKubeconfig(tmp.resolve("flaky"), "http://127.0.0.1:" + flaky.getPort(),
                    "prod");
            FollowedBackend backend = new KubernetesBackend(settings(config.toString()));
            DeploymentTask task = new DeploymentTask(DEPLOYMENT_IDS.incrementAndGet(), "web-api", "production",
                    "registry.example.com/acme/web-api:v2.14.0", "alice", "C0001", null, null, null);

            RunResult result = backend.follow(task, new StartedRun("prod/web-api", null, Instant.now()));

            assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(result.summary()).isEqualTo("rolled out as prod/web-api (3/3 ready)");
        } finally {
            flaky.shutdown();
        }
    }

    // --- helpers

    private static KubernetesSettings settings(String kubeconfig) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("APP_ENV", "{{environment}}");
        env.put("DEPLOYED_BY", "{{user}} for #{{deployment}}");
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("cpu", "100m");
        requests.put("memory", "128Mi");
        return new KubernetesSettings(kubeconfig, FakeKubernetes.CONTEXT, NAMESPACE, 8080, 2,
                new KubernetesSettings.Resources(requests, Map.of("memory", "256Mi")), env, "nginx",
                Map.of("cert-manager.io/cluster-issuer", "letsencrypt"), ROLLOUT_TIMEOUT, Duration.ofMillis(50));
    }

    private static FollowedBackend rollingBack(Duration rolloutTimeout) {
        KubernetesSettings s = settings(kubeconfig.toString());
        return new KubernetesBackend(new KubernetesSettings(s.kubeconfig(), s.context(), s.namespace(),
                s.containerPort(), s.replicas(), s.resources(), s.env(), s.ingressClassName(), s.ingressAnnotations(),
                rolloutTimeout, s.pollInterval()), true);
    }

    /** The images of the Deployment {@code name} that the PUT and PATCH requests the cluster took wrote, in order. */
    private static List<String> imagesPut(String name) {
        return cluster.writes().stream()
                .filter(write -> write.method().equals("PUT") || write.method().equals("PATCH"))
                .filter(write -> write.path().endsWith("/deployments/" + name) && write.code() < 300)
                .map(FakeKubernetes.Write::deployment)
                .filter(Objects::nonNull)
                .map(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .toList();
    }

    private static DeploymentTask preview(String tag) {
        return task(tag, "preview", PROJECT_URL, slot());
    }

    private static PreviewSlot slot() {
        return new PreviewSlot("branch", "feature-" + DEPLOYMENT_IDS.incrementAndGet());
    }

    private static DeploymentTask task(String tag, String environment, String projectUrl, PreviewSlot slot) {
        String ref = tag.isBlank() ? tag : REGISTRY + tag;
        return new DeploymentTask(DEPLOYMENT_IDS.incrementAndGet(), "web-api", environment, ref, "alice", "C0001",
                "1717171600.000100", projectUrl, slot);
    }

    private static KubernetesClient client() {
        return cluster.client();
    }

    private static Deployment deployment(String name) {
        return client().apps().deployments().inNamespace(NAMESPACE).withName(name).get();
    }

    private static Ingress ingress(String name) {
        return client().network().v1().ingresses().inNamespace(NAMESPACE).withName(name).get();
    }

    private static long listed(String name, String kind) {
        List<? extends io.fabric8.kubernetes.api.model.HasMetadata> items = switch (kind) {
            case "deployments" -> client().apps().deployments().inNamespace(NAMESPACE).list().getItems();
            case "services" -> client().services().inNamespace(NAMESPACE).list().getItems();
            default -> client().network().v1().ingresses().inNamespace(NAMESPACE).list().getItems();
        };
        return items.stream().filter(item -> item.getMetadata().getName().equals(name)).count();
    }

    private static Status refusal(int code) {
        String message = switch (code) {
            case 403 -> "deployments.apps is forbidden: User \"system:serviceaccount:slipway:slipway\" cannot "
                    + "create resource \"deployments\" in API group \"apps\" in the namespace \"apps\"";
            case 404 -> "namespaces \"apps\" not found";
            case 422 -> "Deployment.apps \"web-api\" is invalid: spec.template.spec.containers[0].image: "
                    + "Required value";
            default -> "the server has a problem";
        };
        StatusBuilder status = new StatusBuilder().withStatus("Failure").withCode(code).withMessage(message);
        if (code == 404) {
            status.withNewDetails().withName("apps").withKind("namespaces").endDetails();
        }
        return status.build();
    }

    static Deployment fixture(String name) throws IOException {
        try (InputStream in = KubernetesBackendTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(in, Deployment.class);
        }
    }
}
