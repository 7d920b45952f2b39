package dev.slipway.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.backend.kubernetes.KubernetesRollout.State;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubernetesRolloutTest {
    private static final String IMAGE = "registry.example.com/acme/web-api:v2.14.0";

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            k8s-deployment-not-observed.json | WAITING | waiting for the cluster to observe the new spec
            k8s-deployment-progressing.json  | WAITING | 2 out of 3 new replicas have been updated
            k8s-deployment-complete.json     | DONE    | 3/3
            """)
    void classifies_a_deployment_as_kubectl_rollout_status_does(String fixture, State state, String message)
            throws IOException {
        KubernetesRollout rollout = KubernetesRollout.of(KubernetesBackendTest.fixture(fixture));

        assertThat(rollout).isEqualTo(new KubernetesRollout(state, message));
    }

    @Test
    void a_progress_deadline_exceeded_fails_with_the_replica_failure_that_caused_it() throws IOException {
        KubernetesRollout rollout = KubernetesRollout.of(KubernetesBackendTest.fixture("k8s-deployment-failed.json"));

        assertThat(rollout.state()).isEqualTo(State.FAILED);
        assertThat(rollout.message()).isEqualTo("the rollout made no progress within its deadline "
                + "(ProgressDeadlineExceeded): pods \"web-api-6d9f7c8b5f-\" is forbidden: exceeded quota: compute, "
                + "requested: cpu=500m, used: cpu=1500m, limited: cpu=2");
    }

    @Test
    void old_replicas_pending_termination_are_waited_for() throws IOException {
        Deployment deployment = new DeploymentBuilder(KubernetesBackendTest.fixture("k8s-deployment-complete.json"))
                .editStatus().withReplicas(4).endStatus().build();

        assertThat(KubernetesRollout.of(deployment))
                .isEqualTo(new KubernetesRollout(State.WAITING, "1 old replicas are pending termination"));
    }

    @Test
    void updated_replicas_not_yet_available_are_waited_for() throws IOException {
        Deployment deployment = new DeploymentBuilder(KubernetesBackendTest.fixture("k8s-deployment-complete.json"))
                .editStatus().withAvailableReplicas(2).endStatus().build();

        assertThat(KubernetesRollout.of(deployment))
                .isEqualTo(new KubernetesRollout(State.WAITING, "2 of 3 updated replicas are available"));
    }

    @Test
    void a_rollout_is_not_done_before_every_replica_is_ready() throws IOException {
        Deployment deployment = new DeploymentBuilder(KubernetesBackendTest.fixture("k8s-deployment-complete.json"))
                .editStatus().withReadyReplicas(2).endStatus().build();

        assertThat(KubernetesRollout.of(deployment))
                .isEqualTo(new KubernetesRollout(State.WAITING, "2 of 3 replicas are ready"));
    }

    @Test
    void a_deployment_without_status_is_waiting() {
        Deployment deployment = new DeploymentBuilder().withNewMetadata().withName("web-api").withGeneration(1L)
                .endMetadata().withNewSpec().withReplicas(1).endSpec().build();

        assertThat(KubernetesRollout.of(deployment).state()).isEqualTo(State.WAITING);
    }

    @Test
    void pods_of_the_new_image_that_cannot_start_are_a_problem() {
        Pod pulling = pod("web-api-1", IMAGE, waiting("ImagePullBackOff", "Back-off pulling image \"" + IMAGE + "\""));

        assertThat(KubernetesRollout.podProblem(List.of(pulling), IMAGE)).contains("the image " + IMAGE
                + " could not be pulled (ImagePullBackOff): Back-off pulling image \"" + IMAGE + "\"");
    }

    @Test
    void pods_of_other_images_and_pods_merely_starting_are_not() {
        Pod old = pod("web-api-0", "registry.example.com/acme/web-api:v2.13.0", waiting("CrashLoopBackOff", null));
        Pod creating = pod("web-api-1", IMAGE, waiting("ContainerCreating", null));

        assertThat(KubernetesRollout.podProblem(List.of(old, creating), IMAGE)).isEmpty();
    }

    @Test
    void an_init_container_that_cannot_start_is_a_problem_too() {
        Pod pod = new PodBuilder(pod("web-api-1", IMAGE, waiting("PodInitializing", null)))
                .editSpec().addNewInitContainer().withName("migrate").withImage("registry.example.com/acme/migrate:1")
                .endInitContainer().endSpec()
                .editStatus().addToInitContainerStatuses(
                        new ContainerStatusBuilder(waiting("ErrImagePull", "not found")).withName("migrate").build())
                .endStatus()
                .build();

        assertThat(KubernetesRollout.podProblem(List.of(pod), IMAGE)).contains(
                "the image registry.example.com/acme/migrate:1 could not be pulled (ErrImagePull): not found");
    }

    private static Pod pod(String name, String image, ContainerStatus status) {
        return new PodBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("web-api").withImage(image).endContainer().endSpec()
                .withNewStatus()
                    .addToContainerStatuses(new ContainerStatusBuilder(status).withName("web-api").withImage(image)
                            .build())
                .endStatus()
                .build();
    }

    private static ContainerStatus waiting(String reason, String message) {
        return new ContainerStatusBuilder()
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                .build();
    }
}
