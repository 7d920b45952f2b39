package dev.slipway.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How far a Deployment's rollout has got, decided as {@code kubectl rollout status} decides it, and additionally
 * not done before every desired replica is ready. Pure: it reads the objects it is given.
 *
 * @param message for {@link State#WAITING} what is awaited, for {@link State#FAILED} why in plain words with the
 *                Kubernetes reason in parentheses, for {@link State#DONE} how many replicas are ready ({@code 3/3})
 */
record KubernetesRollout(State state, String message) {
    enum State { WAITING, DONE, FAILED }

    static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

    static KubernetesRollout of(Deployment deployment) {
        DeploymentStatus status = deployment.getStatus() != null ? deployment.getStatus() : new DeploymentStatus();
        long generation = orZero(deployment.getMetadata().getGeneration());
        if (generation > orZero(status.getObservedGeneration())) {
            return waiting("waiting for the cluster to observe the new spec");
        }
        Optional<DeploymentCondition> progressing = condition(status, "Progressing");
        if (progressing.isPresent() && PROGRESS_DEADLINE_EXCEEDED.equals(progressing.get().getReason())) {
            String detail = condition(status, "ReplicaFailure")
                    .filter(c -> "True".equals(c.getStatus()))
                    .or(() -> progressing)
                    .map(DeploymentCondition::getMessage)
                    .orElse(null);
            return new KubernetesRollout(State.FAILED, "the rollout made no progress within its deadline ("
                    + PROGRESS_DEADLINE_EXCEEDED + ")" + detail(detail));
        }
        int desired = deployment.getSpec() != null && deployment.getSpec().getReplicas() != null
                ? deployment.getSpec().getReplicas() : 1;
        int updated = orZero(status.getUpdatedReplicas());
        int replicas = orZero(status.getReplicas());
        int available = orZero(status.getAvailableReplicas());
        int ready = orZero(status.getReadyReplicas());
        if (updated < desired) {
            return waiting(updated + " out of " + desired + " new replicas have been updated");
        }
        if (replicas > updated) {
            return waiting((replicas - updated) + " old replicas are pending termination");
        }
        if (available < updated) {
            return waiting(available + " of " + updated + " updated replicas are available");
        }
        if (ready < desired) {
            return waiting(ready + " of " + desired + " replicas are ready");
        }
        return new KubernetesRollout(State.DONE, ready + "/" + desired);
    }

    /**
     * The first reason, among the pods that run {@code image}, to give up on the rollout at once: a container
     * (or init container) waiting because its image cannot be pulled, it keeps crashing or its configuration is
     * invalid. Kubernetes retries these for ever; the deadline would report them only minutes later, and vaguely.
     */
    static Optional<String> podProblem(List<Pod> pods, String image) {
        List<Pod> sorted = new ArrayList<>(pods);
        sorted.sort(Comparator.comparing(pod -> pod.getMetadata().getName()));
        for (Pod pod : sorted) {
            if (pod.getSpec() == null || pod.getStatus() == null || !runs(pod, image)) {
                continue;
            }
            List<ContainerStatus> statuses = new ArrayList<>(pod.getStatus().getInitContainerStatuses());
            statuses.addAll(pod.getStatus().getContainerStatuses());
            for (ContainerStatus container : statuses) {
                Optional<String> problem = problem(pod, container);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> problem(Pod pod, ContainerStatus container) {
        ContainerStateWaiting waiting = container.getState() != null ? container.getState().getWaiting() : null;
        if (waiting == null || waiting.getReason() == null) {
            return Optional.empty();
        }
        String reason = waiting.getReason();
        String message = detail(waiting.getMessage());
        return Optional.ofNullable(switch (reason) {
            case "ImagePullBackOff", "ErrImagePull" ->
                    "the image " + imageOf(pod, container) + " could not be pulled (" + reason + ")" + message;
            case "InvalidImageName" ->
                    "the image " + imageOf(pod, container) + " is not a valid image reference (" + reason + ")"
                            + message;
            case "CrashLoopBackOff" ->
                    "the container " + container.getName() + " keeps crashing (" + reason + ")"
                            + lastExit(container.getLastState());
            case "CreateContainerConfigError" ->
                    "the container's configuration is invalid (" + reason + ")" + message;
            default -> null;
        });
    }

    private static boolean runs(Pod pod, String image) {
        return pod.getSpec().getContainers().stream().anyMatch(c -> image.equals(c.getImage()))
                || pod.getSpec().getInitContainers().stream().anyMatch(c -> image.equals(c.getImage()));
    }

    private static String imageOf(Pod pod, ContainerStatus status) {
        List<Container> containers = new ArrayList<>(pod.getSpec().getInitContainers());
        containers.addAll(pod.getSpec().getContainers());
        return containers.stream()
                .filter(c -> c.getName().equals(status.getName()))
                .map(Container::getImage)
                .findFirst()
                .orElse(status.getImage());
    }

    private static String lastExit(ContainerState last) {
        ContainerStateTerminated terminated = last != null ? last.getTerminated() : null;
        if (terminated == null || terminated.getExitCode() == null) {
            return "";
        }
        return ": it last exited with code " + terminated.getExitCode()
                + (terminated.getReason() != null ? " (" + terminated.getReason() + ")" : "");
    }

    private static Optional<DeploymentCondition> condition(DeploymentStatus status, String type) {
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static KubernetesRollout waiting(String message) {
        return new KubernetesRollout(State.WAITING, message);
    }

    private static String detail(String message) {
        return message == null || message.isBlank() ? "" : ": " + message.strip();
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
