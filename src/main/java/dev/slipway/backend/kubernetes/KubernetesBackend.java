package dev.slipway.backend.kubernetes;

import dev.slipway.backend.Cancellation;
import dev.slipway.backend.FollowedBackend;
import dev.slipway.backend.StartLookup;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.BackendType;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.RunResult;
import dev.slipway.backend.RunResult.Outcome;
import dev.slipway.backend.StartedRun;
import dev.slipway.backend.TransientBackendException;
import dev.slipway.domain.DurationText;
import dev.slipway.domain.RefKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys a container image (the deployment's ref) to a Kubernetes cluster: writes a Deployment, a Service and,
 * for a project with a URL, an Ingress, then follows the Deployment's rollout until it is available or fails. The
 * handle is {@code <namespace>/<name>}; the run's start is kept in an annotation of the Deployment, so that
 * starting again for the same deployment writes the same objects and returns the same run.
 *
 * <p>Objects are created, or replaced with Slipway's version when they exist: a second start changes nothing in
 * the cluster. Slipway needs to get, create, update and delete Deployments, Services and Ingresses, and to list
 * Pods, in its namespace.
 */
public final class KubernetesBackend implements FollowedBackend {
    /** How often a cancel marks the Deployment again after meeting a newer version of it. */
    private static final int CANCEL_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesBackend.class);
    /** Writes that lose a race (409) are tried again this often before the start is handed back for a retry. */
    private static final int WRITE_ATTEMPTS = 3;
    private static final String CANCELLED = "cancelled; the Kubernetes objects were left as they are";

    private final KubernetesSettings settings;
    private final Set<Run> cancelled = ConcurrentHashMap.newKeySet();
    private final Object wakeUp = new Object();
    private KubernetesClient client;

    public KubernetesBackend(KubernetesSettings settings) {
        this.settings = settings;
    }

    /** The {@code kubernetes} backend type; there is no default ref, as the ref is the image to run. */
    public static BackendType<KubernetesSettings> type() {
        return new BackendType<>("kubernetes", KubernetesSettings.class, RefKind.IMAGE, KubernetesBackend::new,
                s -> Optional.empty());
    }

    /**
     * Writes the Deployment, the Service and the Ingress. An interruption restores the thread's interrupt flag and
     * ends in a {@link TransientBackendException}, so the job is retried by whoever runs next.
     */
    @Override
    public StartedRun start(DeploymentTask task) throws BackendException {
        if (task.ref() == null || task.ref().isBlank()) {
            throw new PermanentBackendException("deployment " + task.deploymentId()
                    + " names no image to deploy; the kubernetes backend deploys the image its ref names");
        }
        KubernetesTarget target = KubernetesTarget.of(settings.namespace(), task);
        KubernetesClient client = client();
        Deployment existing = call(() -> client.apps().deployments().inNamespace(target.namespace())
                .withName(target.name()).get(), "read the Deployment " + target.handle(), target.namespace());
        Instant startedAt = startedAtOf(existing, task).orElseGet(() -> Instant.now().truncatedTo(ChronoUnit.MILLIS));

        apply(client, KubernetesObjects.deployment(settings, task, target, startedAt), target);
        apply(client, KubernetesObjects.service(settings, target), target);
        if (target.host() != null) {
            apply(client, KubernetesObjects.ingress(settings, target), target);
        }
        LOG.info("Deployment {} rolls out {} as {}", task.deploymentId(), task.ref(), target.handle());
        return new StartedRun(target.handle(), target.url(), startedAt);
    }

    /**
     * Looks at the Deployment every {@code pollInterval} until it is rolled out (the rules of
     * {@code kubectl rollout status}, and every replica ready), its rollout fails, one of its new pods cannot
     * start (an image that cannot be pulled, a container that keeps crashing, an invalid configuration), or
     * {@code rolloutTimeout} has passed since the run started. Failing to reach the cluster does not end the run
     * before then.
     */
    @Override
    public RunResult follow(DeploymentTask task, StartedRun run) throws BackendException, InterruptedException {
        Run key = new Run(task.deploymentId(), run.handle());
        String namespace = namespaceOf(run.handle());
        String name = run.handle().substring(namespace.length() + 1);
        Instant deadline = run.startedAt().plus(settings.rolloutTimeout());
        KubernetesClient client = client();
        Look last = null;
        String trouble = null;
        while (true) {
            if (cancelled.contains(key)) {
                return new RunResult(Outcome.CANCELLED, CANCELLED, List.of(), "");
            }
            try {
                last = look(client, task, run, namespace, name);
                trouble = null;
                if (last.ended() != null) {
                    return last.ended();
                }
            } catch (TransientBackendException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("interrupted while following " + run.handle());
                }
                trouble = e.getMessage();
            }
            Instant now = Instant.now();
            if (!now.isBefore(deadline)) {
                return timedOut(last, trouble);
            }
            pause(key, Duration.between(now, deadline));
        }
    }

    /**
     * The run of the Deployment this task's earlier start wrote, if it got that far. Starting is idempotent (the
     * same objects are written again, and the recorded start is kept), so a start that is not found is safe to
     * make again.
     */
    @Override
    public StartLookup findStart(DeploymentTask task) throws BackendException {
        KubernetesTarget target = KubernetesTarget.of(settings.namespace(), task);
        KubernetesClient client = client();
        Deployment existing = call(() -> client.apps().deployments().inNamespace(target.namespace())
                .withName(target.name()).get(), "read the Deployment " + target.handle(), target.namespace());
        return startedAtOf(existing, task)
                .<StartLookup>map(startedAt -> new StartLookup.Started(new StartedRun(target.handle(), target.url(),
                        startedAt)))
                .orElseGet(StartLookup.NotStarted::new);
    }

    /**
     * Makes the {@code follow} in progress, in this process or another, return {@link Outcome#CANCELLED}: the
     * cancellation is written on the Deployment ({@value KubernetesObjects#CANCELLED}), where every follower looks.
     * The Deployment, Service and Ingress are otherwise left as they are, and the cluster goes on rolling out:
     * Kubernetes has no way to stop a rollout half-way, and taking the objects away would take the previous version
     * down with them. Deploy the previous image to go back.
     */
    @Override
    public Cancellation cancel(DeploymentTask task, StartedRun run) throws BackendException {
        String namespace = namespaceOf(run.handle());
        String name = run.handle().substring(namespace.length() + 1);
        String id = Long.toString(task.deploymentId());
        KubernetesClient client = client();
        // The cluster updates the Deployment's status as it rolls out, so an edit may meet a newer version (409):
        // read it again and mark it again, a few times, before leaving it to the job's retry.
        for (int attempt = 1; ; attempt++) {
            Deployment current = call(() -> client.apps().deployments().inNamespace(namespace).withName(name).get(),
                    "read the Deployment " + run.handle(), namespace);
            if (current == null || !id.equals(annotations(current).get(KubernetesObjects.DEPLOYMENT_ID))) {
                break;
            }
            try {
                call(() -> client.apps().deployments().inNamespace(namespace).withName(name).edit(d -> {
                    d.getMetadata().getAnnotations().put(KubernetesObjects.CANCELLED, id);
                    return d;
                }), "mark the Deployment " + run.handle() + " cancelled", namespace);
                break;
            } catch (TransientBackendException e) {
                if (attempt >= CANCEL_ATTEMPTS || !(e.getCause() instanceof KubernetesClientException k)
                        || k.getCode() != 409) {
                    throw e;
                }
            }
        }
        cancelled.add(new Run(task.deploymentId(), run.handle()));
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        return new Cancellation.Stopped();
    }

    private Look look(KubernetesClient client, DeploymentTask task, StartedRun run, String namespace, String name)
            throws BackendException {
        String handle = namespace + "/" + name;
        Deployment deployment = call(() -> client.apps().deployments().inNamespace(namespace).withName(name).get(),
                "read the Deployment " + handle, namespace);
        if (deployment == null) {
            return Look.end(new RunResult(Outcome.FAILED, "the Deployment " + handle
                    + " was deleted before its rollout ended", List.of(), ""));
        }
        List<String> conditions = conditionsOf(deployment);
        String owner = annotations(deployment).get(KubernetesObjects.DEPLOYMENT_ID);
        if (Long.toString(task.deploymentId()).equals(annotations(deployment).get(KubernetesObjects.CANCELLED))) {
            return Look.end(new RunResult(Outcome.CANCELLED, CANCELLED, List.of(), ""));
        }
        if (owner != null && !owner.equals(Long.toString(task.deploymentId()))) {
            return Look.end(result(Outcome.FAILED, "the Deployment " + handle + " was taken over by deployment "
                    + owner + " before this rollout ended", conditions));
        }
        KubernetesRollout rollout = KubernetesRollout.of(deployment);
        if (rollout.state() == KubernetesRollout.State.DONE) {
            String where = run.url() != null ? "available at " + run.url() : "rolled out as " + handle;
            return Look.end(result(Outcome.SUCCEEDED, where + " (" + rollout.message() + " ready)", conditions));
        }
        if (rollout.state() == KubernetesRollout.State.FAILED) {
            return Look.end(result(Outcome.FAILED, rollout.message(), conditions));
        }
        Map<String, String> selector = deployment.getSpec().getSelector() != null
                ? deployment.getSpec().getSelector().getMatchLabels() : null;
        if (selector == null || selector.isEmpty()) {
            return new Look(null, rollout.message(), conditions);
        }
        List<Pod> pods = call(() -> client.pods().inNamespace(namespace).withLabels(selector).list().getItems(),
                "list the pods of the Deployment " + handle, namespace);
        Optional<String> problem = KubernetesRollout.podProblem(pods, task.ref());
        if (problem.isPresent()) {
            return Look.end(result(Outcome.FAILED, problem.get(), conditions));
        }
        return new Look(null, rollout.message(), conditions);
    }

    private RunResult timedOut(Look last, String trouble) {
        List<String> tail = new ArrayList<>(last != null ? last.conditions() : List.of());
        if (trouble != null) {
            tail.add("last look at the cluster: " + trouble);
        }
        String awaited = last != null && last.awaited() != null ? ": " + last.awaited() : "";
        return result(Outcome.FAILED, "not available after " + DurationText.of(settings.rolloutTimeout())
                + " (rolloutTimeout)" + awaited, tail);
    }

    private void pause(Run key, Duration untilDeadline) throws InterruptedException {
        long millis = Math.max(1, Math.min(settings.pollInterval().toMillis(), untilDeadline.toMillis() + 1));
        synchronized (wakeUp) {
            if (!cancelled.contains(key)) {
                wakeUp.wait(millis);
            }
        }
    }

    /**
     * Deletes a preview's Ingress, Service and Deployment (its pods go with it). Production is never touched: a
     * task without a preview slot does nothing.
     */
    @Override
    public void retire(DeploymentTask task) throws BackendException {
        if (task.preview() == null) {
            return;
        }
        KubernetesTarget target = KubernetesTarget.of(settings.namespace(), task);
        KubernetesClient client = client();
        String namespace = target.namespace();
        call(() -> client.network().v1().ingresses().inNamespace(namespace).withName(target.name()).delete(),
                "delete the Ingress " + target.handle(), namespace);
        call(() -> client.services().inNamespace(namespace).withName(target.name()).delete(),
                "delete the Service " + target.handle(), namespace);
        call(() -> client.apps().deployments().inNamespace(namespace).withName(target.name()).delete(),
                "delete the Deployment " + target.handle(), namespace);
        LOG.info("Deployment {}'s preview {} retired", task.deploymentId(), target.handle());
    }

    private void apply(KubernetesClient client, HasMetadata object, KubernetesTarget target) throws BackendException {
        String doing = "write the " + object.getKind() + " " + target.handle();
        for (int attempt = 1; ; attempt++) {
            try {
                client.resource(object).inNamespace(target.namespace()).createOr(NonDeletingOperation::update);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == WRITE_ATTEMPTS) {
                    throw translate(e, doing, target.namespace());
                }
            }
        }
    }

    private <T> T call(Supplier<T> request, String doing, String namespace) throws BackendException {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            throw translate(e, doing, namespace);
        }
    }

    private BackendException translate(KubernetesClientException e, String doing, String namespace) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return new TransientBackendException("interrupted while trying to " + doing + "; will retry", e);
            }
        }
        String cluster = client != null ? client.getMasterUrl().toString() : "(unknown)";
        return KubernetesErrors.of(e, doing, namespace, cluster);
    }

    private synchronized KubernetesClient client() throws PermanentBackendException {
        if (client == null) {
            client = KubernetesClients.create(settings);
        }
        return client;
    }

    /** When the run for this deployment started, if the Deployment records one: a start is being repeated. */
    private static Optional<Instant> startedAtOf(Deployment existing, DeploymentTask task) {
        if (existing == null) {
            return Optional.empty();
        }
        Map<String, String> annotations = annotations(existing);
        if (!Long.toString(task.deploymentId()).equals(annotations.get(KubernetesObjects.DEPLOYMENT_ID))) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(annotations.get(KubernetesObjects.STARTED_AT)).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> annotations(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations != null ? annotations : Map.of();
    }

    private static List<String> conditionsOf(Deployment deployment) {
        if (deployment.getStatus() == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (DeploymentCondition c : deployment.getStatus().getConditions()) {
            lines.add(c.getType() + "=" + c.getStatus() + (c.getReason() != null ? " " + c.getReason() : "")
                    + (c.getMessage() != null ? ": " + c.getMessage() : ""));
        }
        return lines;
    }

    private static RunResult result(Outcome outcome, String summary, List<String> tail) {
        return new RunResult(outcome, summary, tail, String.join("\n", tail));
    }

    private static String namespaceOf(String handle) throws PermanentBackendException {
        int slash = handle.indexOf('/');
        if (slash <= 0 || slash == handle.length() - 1) {
            throw new PermanentBackendException("not a handle of the kubernetes backend: " + handle);
        }
        return handle.substring(0, slash);
    }

    /** One deployment's run; a handle alone names a slot that later deployments reuse. */
    private record Run(long deploymentId, String handle) {
    }

    /** What one look at the cluster found: the end of the run, or what it still waits for. */
    private record Look(RunResult ended, String awaited, List<String> conditions) {
        static Look end(RunResult result) {
            return new Look(result, null, result.tail());
        }
    }
}
