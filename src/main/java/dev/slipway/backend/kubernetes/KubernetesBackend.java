package dev.slipway.backend.kubernetes;

import dev.slipway.backend.Cancellation;
import dev.slipway.backend.FollowedBackend;
import dev.slipway.backend.StartLookup;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.BackendType;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.RunProgress;
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
import java.util.Collection;
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
 *
 * <p>On an environment with {@code autoRollback}, a rollout that fails is rolled back: the Deployment gets back the
 * images it ran before, which the start recorded on it ({@link KubernetesRollback}), and that rollout is followed
 * too. The run still fails, since what was asked did not ship; its summary says whether the rollback is ready.
 */
public final class KubernetesBackend implements FollowedBackend {
    /** How often a cancel marks the Deployment again after meeting a newer version of it. */
    private static final int CANCEL_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesBackend.class);
    /** Writes that lose a race (409) are tried again this often before the start is handed back for a retry. */
    private static final int WRITE_ATTEMPTS = 3;
    private static final String CANCELLED = "cancelled; the Kubernetes objects were left as they are";
    private static final String WILL_RETRY = "; will retry";

    private final KubernetesSettings settings;
    private final boolean autoRollback;
    private final Set<Run> cancelled = ConcurrentHashMap.newKeySet();
    private final Object wakeUp = new Object();
    private KubernetesClient client;

    public KubernetesBackend(KubernetesSettings settings) {
        this(settings, false);
    }

    /**
     * @param autoRollback whether a rollout that fails is rolled back to the images the Deployment ran before it
     *                     (the environment's {@code autoRollback})
     */
    public KubernetesBackend(KubernetesSettings settings, boolean autoRollback) {
        this.settings = settings;
        this.autoRollback = autoRollback;
    }

    /**
     * The {@code kubernetes} backend type; there is no default ref, as the ref is the image to run. Its backends roll
     * failed rollouts back where their environment says so ({@link BackendType.Placement#autoRollback()}).
     */
    public static BackendType<KubernetesSettings> type() {
        return new BackendType<>("kubernetes", KubernetesSettings.class, RefKind.IMAGE,
                (settings, placement) -> new KubernetesBackend(settings, placement.autoRollback()),
                s -> Optional.empty(), Set.of());
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
        Optional<Instant> recorded = startedAtOf(existing, task);
        Instant startedAt = recorded.orElseGet(() -> Instant.now().truncatedTo(ChronoUnit.MILLIS));
        // A repeated start meets its own Deployment, already running the new image: what ran before is what the
        // first start recorded.
        String previousImages = !autoRollback ? null : recorded.isPresent()
                ? annotations(existing).get(KubernetesRollback.PREVIOUS_IMAGES) : KubernetesRollback.record(existing);

        apply(client, KubernetesObjects.deployment(settings, task, target, startedAt, previousImages), target);
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
        return follow(task, run, RunProgress.NONE);
    }

    /**
     * As {@link #follow(DeploymentTask, StartedRun)}; with {@code autoRollback}, a rollout that fails (not one that
     * was cancelled, deleted or taken over by a later deployment) is then rolled back, {@code progress} is told so,
     * and the rollback's rollout is followed in the same way for {@code rolloutTimeout} from the rollback. The run
     * ends failed either way, its summary saying whether the rollback is ready. A follower that finds the rollback
     * already written (after a restart) follows it.
     */
    @Override
    public RunResult follow(DeploymentTask task, StartedRun run, RunProgress progress)
            throws BackendException, InterruptedException {
        Run key = new Run(task.deploymentId(), run.handle());
        String namespace = namespaceOf(run.handle());
        String name = run.handle().substring(namespace.length() + 1);
        KubernetesClient client = client();
        Look end = await(key, run.startedAt(),
                () -> look(client, task, run, namespace, name, List.of(task.ref()), false));
        List<String> failedTail = List.of();
        Deployment rolledBack = end.rolledBack();
        if (rolledBack == null) {
            if (!end.failed() || !autoRollback) {
                return end.ended();
            }
            failedTail = end.ended().tail();
            Look written = rollBack(key, client, task, namespace, name, end.ended());
            if (written.rolledBack() == null) {
                return written.ended();
            }
            rolledBack = written.rolledBack();
        }
        Map<String, String> annotations = annotations(rolledBack);
        String reason = annotations.getOrDefault(KubernetesRollback.REASON, "");
        Collection<String> images = restorable(rolledBack).values();
        progress.update("Rolling back to " + KubernetesRollback.describe(images) + ", as the rollout failed: "
                + reason);
        Look back = await(key, instant(annotations.get(KubernetesRollback.ROLLED_BACK_AT)),
                () -> look(client, task, run, namespace, name, images, true));
        return rollbackResult(task, reason, images, failedTail, back.ended());
    }

    /**
     * Looks every {@code pollInterval} until {@code looker} sees an end, the run is cancelled, or
     * {@code rolloutTimeout} has passed since {@code startedAt}, which is a failed rollout.
     */
    private Look await(Run key, Instant startedAt, Looker looker) throws BackendException, InterruptedException {
        Instant deadline = startedAt.plus(settings.rolloutTimeout());
        Look last = null;
        String trouble = null;
        while (true) {
            if (cancelled.contains(key)) {
                return Look.end(new RunResult(Outcome.CANCELLED, CANCELLED, List.of(), ""));
            }
            try {
                last = looker.look();
                trouble = null;
                if (last.over()) {
                    return last;
                }
            } catch (TransientBackendException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("interrupted while following " + key.handle());
                }
                trouble = e.getMessage();
            }
            Instant now = Instant.now();
            if (!now.isBefore(deadline)) {
                return Look.failed(timedOut(last, trouble));
            }
            pause(key, Duration.between(now, deadline));
        }
    }

    /**
     * Writes the rollback of the rollout that {@code failed}: the images recorded at the start go back into the
     * Deployment's containers, with annotations saying whose rollout was rolled back, when and why. Troubles reaching
     * the cluster, and writes that lose a race (409), are tried again for {@code rolloutTimeout}; a refusal ends the
     * run saying why. Answers the rolled-back Deployment, or the end of a run that is not rolled back.
     */
    private Look rollBack(Run key, KubernetesClient client, DeploymentTask task, String namespace, String name,
                          RunResult failed) throws InterruptedException {
        String failure = failure(task, failed.summary());
        Instant deadline = Instant.now().plus(settings.rolloutTimeout());
        while (true) {
            if (cancelled.contains(key)) {
                return Look.end(result(Outcome.CANCELLED, failure + "; cancelled before it was rolled back; the "
                        + "Kubernetes objects were left as they are", failed.tail()));
            }
            try {
                return writeRollback(client, task, namespace, name, failed);
            } catch (BackendException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("interrupted while rolling back " + key.handle());
                }
                Instant now = Instant.now();
                if (!e.retryable() || !now.isBefore(deadline)) {
                    String why = e.getMessage().endsWith(WILL_RETRY)
                            ? e.getMessage().substring(0, e.getMessage().length() - WILL_RETRY.length())
                            : e.getMessage();
                    return Look.end(result(Outcome.FAILED, failure + "; could not roll back: " + why, failed.tail()));
                }
                pause(key, Duration.between(now, deadline));
            }
        }
    }

    private Look writeRollback(KubernetesClient client, DeploymentTask task, String namespace, String name,
                               RunResult failed) throws BackendException {
        String handle = namespace + "/" + name;
        String id = Long.toString(task.deploymentId());
        Deployment current = call(() -> client.apps().deployments().inNamespace(namespace).withName(name).get(),
                "read the Deployment " + handle, namespace);
        String notRolledBack = failure(task, failed.summary()) + "; not rolled back: ";
        if (current == null) {
            return Look.end(result(Outcome.FAILED, notRolledBack + "the Deployment " + handle + " was deleted",
                    failed.tail()));
        }
        Map<String, String> annotations = annotations(current);
        if (id.equals(annotations.get(KubernetesObjects.CANCELLED))) {
            return Look.end(new RunResult(Outcome.CANCELLED, CANCELLED, List.of(), ""));
        }
        String owner = annotations.get(KubernetesObjects.DEPLOYMENT_ID);
        if (owner != null && !owner.equals(id)) {
            return Look.end(result(Outcome.FAILED, notRolledBack + "deployment " + owner + " has taken the Deployment "
                    + handle + " over", failed.tail()));
        }
        if (id.equals(annotations.get(KubernetesRollback.ROLLED_BACK))) {
            return Look.rolledBack(current);
        }
        if (annotations.get(KubernetesRollback.PREVIOUS_IMAGES) == null) {
            return Look.end(result(Outcome.FAILED, notRolledBack + "the images " + handle + " ran before were not "
                    + "recorded when it started", failed.tail()));
        }
        if (annotations.get(KubernetesRollback.PREVIOUS_IMAGES).isBlank()) {
            return Look.end(result(Outcome.FAILED, notRolledBack + "there is no earlier image to roll back to, as "
                    + "this was the first deployment to " + handle, failed.tail()));
        }
        Map<String, String> previous = restorable(current);
        Map<String, String> images = KubernetesRollback.images(current);
        if (previous.entrySet().stream().allMatch(e -> e.getValue().equals(images.get(e.getKey())))) {
            return Look.end(result(Outcome.FAILED, notRolledBack + (previous.isEmpty()
                    ? "none of the containers " + handle + " ran before is in it any more"
                    : KubernetesRollback.describe(previous.values()) + " ran before this rollout too"),
                    failed.tail()));
        }
        Deployment rolledBack = KubernetesRollback.rolledBack(current, previous, task.deploymentId(),
                failed.summary(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
        // The resource version read above goes with it: a Deployment changed since (a later deployment's start)
        // is not overwritten, the write fails with 409 and is tried again from a fresh read.
        Deployment written = call(() -> client.apps().deployments().inNamespace(namespace).resource(rolledBack)
                .update(), "roll the Deployment " + handle + " back", namespace);
        LOG.info("Deployment {}'s failed rollout of {} is rolled back to {} in {}", task.deploymentId(), task.ref(),
                KubernetesRollback.describe(previous.values()), handle);
        return Look.rolledBack(written);
    }

    /** The images recorded before the rollout, of the containers the Deployment still has. */
    private static Map<String, String> restorable(Deployment deployment) {
        Map<String, String> previous = KubernetesRollback.parse(
                annotations(deployment).getOrDefault(KubernetesRollback.PREVIOUS_IMAGES, ""));
        previous.keySet().retainAll(KubernetesRollback.images(deployment).keySet());
        return previous;
    }

    private static RunResult rollbackResult(DeploymentTask task, String reason, Collection<String> images,
                                            List<String> failedTail, RunResult back) {
        String failure = failure(task, reason);
        String to = KubernetesRollback.describe(images);
        List<String> tail = new ArrayList<>(failedTail);
        tail.add("rollback to " + to + ":");
        tail.addAll(back.tail());
        return switch (back.outcome()) {
            case SUCCEEDED -> result(Outcome.FAILED, failure + "; rolled back to " + to + ", which is ready", tail);
            case CANCELLED -> result(Outcome.CANCELLED, failure + "; cancelled while rolling back to " + to
                    + "; the Kubernetes objects were left as they are", tail);
            default -> result(Outcome.FAILED, failure + "; the rollback to " + to + " failed too: " + back.summary(),
                    tail);
        };
    }

    private static String failure(DeploymentTask task, String reason) {
        return "rollout of " + task.ref() + " failed (" + reason + ")";
    }

    private static Instant instant(String text) {
        try {
            return text != null ? Instant.parse(text) : Instant.now();
        } catch (DateTimeParseException e) {
            return Instant.now();
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

    /**
     * One look at the rollout of {@code images}: the run's own, or with {@code rollingBack} its rollback's. A look
     * at the run's own rollout that finds it rolled back already answers the rolled-back Deployment.
     */
    private Look look(KubernetesClient client, DeploymentTask task, StartedRun run, String namespace, String name,
                      Collection<String> images, boolean rollingBack) throws BackendException {
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
        if (!rollingBack && Long.toString(task.deploymentId())
                .equals(annotations(deployment).get(KubernetesRollback.ROLLED_BACK))) {
            return Look.rolledBack(deployment);
        }
        KubernetesRollout rollout = KubernetesRollout.of(deployment);
        if (rollout.state() == KubernetesRollout.State.DONE) {
            String where = run.url() != null ? "available at " + run.url() : "rolled out as " + handle;
            return Look.end(result(Outcome.SUCCEEDED, where + " (" + rollout.message() + " ready)", conditions));
        }
        if (rollout.state() == KubernetesRollout.State.FAILED) {
            return Look.failed(result(Outcome.FAILED, rollout.message(), conditions));
        }
        Map<String, String> selector = deployment.getSpec().getSelector() != null
                ? deployment.getSpec().getSelector().getMatchLabels() : null;
        if (selector == null || selector.isEmpty()) {
            return Look.waiting(rollout.message(), conditions);
        }
        List<Pod> pods = call(() -> client.pods().inNamespace(namespace).withLabels(selector).list().getItems(),
                "list the pods of the Deployment " + handle, namespace);
        for (String image : images) {
            Optional<String> problem = KubernetesRollout.podProblem(pods, image);
            if (problem.isPresent()) {
                return Look.failed(result(Outcome.FAILED, problem.get(), conditions));
            }
        }
        return Look.waiting(rollout.message(), conditions);
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

    /**
     * What one look at the cluster found: the end of the run, the Deployment rolled back for it, or what it still
     * waits for. {@code failed} marks an end that is the rollout failing, which {@code autoRollback} rolls back; a
     * cancel, a deletion or a takeover by a later deployment is not.
     */
    private record Look(RunResult ended, boolean failed, Deployment rolledBack, String awaited,
                        List<String> conditions) {
        static Look end(RunResult result) {
            return new Look(result, false, null, null, result.tail());
        }

        static Look failed(RunResult result) {
            return new Look(result, true, null, null, result.tail());
        }

        static Look rolledBack(Deployment deployment) {
            return new Look(null, false, deployment, null, List.of());
        }

        static Look waiting(String awaited, List<String> conditions) {
            return new Look(null, false, null, awaited, conditions);
        }

        boolean over() {
            return ended != null || rolledBack != null;
        }
    }

    @FunctionalInterface
    private interface Looker {
        Look look() throws BackendException;
    }
}
