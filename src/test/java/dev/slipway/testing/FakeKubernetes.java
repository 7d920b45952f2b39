package dev.slipway.testing;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API server on 127.0.0.1 (fabric8's mock server in CRUD mode: objects are stored, listed by label,
 * and their {@code metadata.generation} goes up when their spec changes), with a stand-in for the controllers that
 * would act on a Deployment: every {@link #TICK_MILLIS} it gives each Deployment the status, and its pods the
 * container states, that the tag of the Deployment's image asks for:
 * <ul>
 *   <li>{@code :stuck} — the new replicas never come up;</li>
 *   <li>{@code :deadline} — the rollout fails with {@code ProgressDeadlineExceeded};</li>
 *   <li>{@code :pull-backoff}, {@code :err-pull}, {@code :crash}, {@code :bad-config} — a pod of the new image
 *       waits with {@code ImagePullBackOff}, {@code ErrImagePull}, {@code CrashLoopBackOff} or
 *       {@code CreateContainerConfigError};</li>
 *   <li>any other tag — the rollout progresses for one tick, then completes with every replica ready.</li>
 * </ul>
 * Every request that changes something is kept, to be looked at with {@link #writes()}.
 */
public final class FakeKubernetes implements AutoCloseable {
    public static final String CONTEXT = "fake";
    public static final long TICK_MILLIS = 10;
    public static final String MISSING_SECRET = "secret \"web-api-secrets\" not found";
    /** Held so that its level stays set: the mock server logs every request it answers. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final Queue<Write> writes = new ConcurrentLinkedQueue<>();
    private final KubernetesClient client;
    private final Thread controller;
    private volatile boolean running = true;

    public FakeKubernetes() {
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
                new HashMap<>(), new RecordingDispatcher(writes), false);
        server.start(loopback(), 0);
        client = client(url());
        controller = new Thread(this::control, "fake-kubernetes-controller");
        controller.setDaemon(true);
        controller.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** A client for tests to look at and change what the server holds. */
    public KubernetesClient client() {
        return client;
    }

    /**
     * Every request but GETs the server answered, in the order it answered them, the controller's own status writes
     * ({@code .../status}) included.
     */
    public List<Write> writes() {
        return List.copyOf(writes);
    }

    /** A request that changes something, with the server's answer. */
    public record Write(String method, String path, String body, int code) {
        /** The Deployment a POST or PUT sent, or null for another kind of request. */
        public Deployment deployment() {
            return path.contains("/deployments") && (method.equals("POST") || method.equals("PUT"))
                    ? Serialization.unmarshal(body, Deployment.class) : null;
        }
    }

    /**
     * The {@code backend:} value of an environment deployed to this cluster's {@code namespace}, its kubeconfig written
     * to {@code kubeconfig}, followed quickly and for at most 10 s; {@code extra} adds settings ({@code ", replicas: 2"}).
     */
    public String backendYaml(Path kubeconfig, String namespace, String extra) {
        writeKubeconfig(kubeconfig, url(), namespace);
        return "{ type: kubernetes, kubeconfig: %s, context: %s, namespace: %s, pollInterval: 20ms, rolloutTimeout: 10s%s }"
                .formatted(kubeconfig, CONTEXT, namespace, extra);
    }

    /**
     * Writes a kubeconfig whose context {@value #CONTEXT} points at {@code serverUrl} with {@code namespace}; its
     * current context is another one, pointing at nothing, so only a client that picks the context reaches it.
     */
    public static Path writeKubeconfig(Path file, String serverUrl, String namespace) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: nowhere
                    cluster:
                      server: http://127.0.0.1:9
                  - name: fake
                    cluster:
                      server: %s
                contexts:
                  - name: nowhere
                    context: { cluster: nowhere, user: tester, namespace: default }
                  - name: %s
                    context: { cluster: fake, user: tester, namespace: %s }
                current-context: nowhere
                users:
                  - name: tester
                    user:
                      token: fake-token
                """.formatted(serverUrl, CONTEXT, namespace);
        try {
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static KubernetesClient client(String serverUrl) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(serverUrl).withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }

    public static InetAddress loopback() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        controller.interrupt();
        try {
            controller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        server.shutdown();
    }

    private void control() {
        while (running) {
            try {
                for (Deployment deployment : client.apps().deployments().inAnyNamespace().list().getItems()) {
                    act(deployment);
                }
            } catch (KubernetesClientException e) {
                // A race with a test writing the same object, or the server going away: the next tick sees.
            }
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void act(Deployment deployment) {
        long generation = Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 0L);
        DeploymentStatus status = deployment.getStatus();
        boolean observed = status != null && status.getObservedGeneration() != null
                && status.getObservedGeneration() == generation;
        String image = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        String tag = image.substring(image.lastIndexOf(':') + 1);
        int desired = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
        if (!observed) {
            if (tag.equals("deadline")) {
                setStatus(deployment, progressing(generation, desired, "False", "ProgressDeadlineExceeded",
                        "ReplicaSet \"" + deployment.getMetadata().getName() + "-6d9f7c8b5f\" has timed out "
                                + "progressing."));
            } else {
                setStatus(deployment, progressing(generation, desired, "True", "ReplicaSetUpdated",
                        "ReplicaSet \"" + deployment.getMetadata().getName() + "-6d9f7c8b5f\" is progressing."));
            }
            createPodIfAsked(deployment, tag, image, generation);
            return;
        }
        boolean completes = !List.of("stuck", "deadline", "pull-backoff", "err-pull", "crash", "bad-config")
                .contains(tag);
        if (completes && Objects.requireNonNullElse(status.getReadyReplicas(), 0) < desired) {
            setStatus(deployment, complete(generation, desired));
        }
    }

    private void createPodIfAsked(Deployment deployment, String tag, String image, long generation) {
        ContainerStatus container = switch (tag) {
            case "pull-backoff" -> waiting(image, "ImagePullBackOff", "Back-off pulling image \"" + image + "\"");
            case "err-pull" -> waiting(image, "ErrImagePull", "rpc error: code = NotFound desc = failed to pull "
                    + "and unpack image \"" + image + "\": not found");
            case "crash" -> new ContainerStatusBuilder(waiting(image, "CrashLoopBackOff",
                    "back-off 40s restarting failed container"))
                    .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated()
                    .endLastState()
                    .build();
            case "bad-config" -> waiting(image, "CreateContainerConfigError", MISSING_SECRET);
            default -> null;
        };
        if (container == null) {
            return;
        }
        String namespace = deployment.getMetadata().getNamespace();
        String name = deployment.getMetadata().getName() + "-" + generation + "-x7k2p";
        if (client.pods().inNamespace(namespace).withName(name).get() != null) {
            return;
        }
        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .withNewStatus()
                    .withPhase("Pending")
                    .withContainerStatuses(new ContainerStatusBuilder(container)
                            .withName(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getName())
                            .build())
                .endStatus()
                .build();
        client.pods().inNamespace(namespace).resource(pod).create();
    }

    private static ContainerStatus waiting(String image, String reason, String message) {
        return new ContainerStatusBuilder()
                .withImage(image)
                .withReady(false)
                .withRestartCount(0)
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                .build();
    }

    private void setStatus(Deployment deployment, DeploymentStatus status) {
        Deployment withStatus = new DeploymentBuilder(deployment)
                .editMetadata().withResourceVersion(null).endMetadata()
                .withStatus(status)
                .build();
        client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace()).resource(withStatus)
                .updateStatus();
    }

    private static DeploymentStatus progressing(long generation, int desired, String progressing, String reason,
                                                String message) {
        return new DeploymentStatusBuilder()
                .withObservedGeneration(generation)
                .withReplicas(desired)
                .withUpdatedReplicas(0)
                .withReadyReplicas(0)
                .withAvailableReplicas(0)
                .withUnavailableReplicas(desired)
                .withConditions(condition("Available", "False", "MinimumReplicasUnavailable",
                                "Deployment does not have minimum availability."),
                        condition("Progressing", progressing, reason, message))
                .build();
    }

    private static DeploymentStatus complete(long generation, int desired) {
        return new DeploymentStatusBuilder()
                .withObservedGeneration(generation)
                .withReplicas(desired)
                .withUpdatedReplicas(desired)
                .withReadyReplicas(desired)
                .withAvailableReplicas(desired)
                .withConditions(condition("Available", "True", "MinimumReplicasAvailable",
                                "Deployment has minimum availability."),
                        condition("Progressing", "True", "NewReplicaSetAvailable",
                                "ReplicaSet has successfully progressed."))
                .build();
    }

    /** The CRUD server, keeping each request but GETs with its answer's code. */
    private static final class RecordingDispatcher extends KubernetesCrudDispatcher {
        private final Queue<Write> writes;

        RecordingDispatcher(Queue<Write> writes) {
            this.writes = writes;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            // Read without consuming: the CRUD server reads the body after this.
            String body = request.getBody() != null
                    ? new String(request.getBody().getBytes(), StandardCharsets.UTF_8) : "";
            MockResponse response = super.dispatch(request);
            if (!request.getMethod().equals("GET")) {
                writes.add(new Write(request.getMethod(), request.getPath(), body, response.code()));
            }
            return response;
        }
    }

    private static DeploymentCondition condition(String type, String status, String reason, String message) {
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).build();
    }
}
