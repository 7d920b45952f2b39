package dev.slipway.backend.kubernetes;

import dev.slipway.backend.DeploymentTask;
import dev.slipway.domain.DnsLabel;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects one deployment consists of, as Slipway wants them: a Deployment running the image, a Service in front
 * of its pods on port 80, and an Ingress from the target's host to that Service. Built the same way every time for
 * the same task, so that writing them again changes nothing.
 */
final class KubernetesObjects {
    static final String DEPLOYMENT_ID = "slipway/deployment";
    static final String STARTED_AT = "slipway/started-at";
    /** Set on a Deployment to the id of the deployment whose run was cancelled, so every follower sees it. */
    static final String CANCELLED = "slipway/cancelled";
    static final int SERVICE_PORT = 80;
    static final String PORT_NAME = "http";

    private KubernetesObjects() {
    }

    /**
     * The Deployment; the deployment's id and start go into annotations of the Deployment itself (not of its pods,
     * where they would roll out new pods for an unchanged image), and so do the images it ran before
     * ({@code previousImages}, see {@link KubernetesRollback#PREVIOUS_IMAGES}) when they are to be kept.
     *
     * @param previousImages the images to roll back to should the rollout fail, or null to keep none
     */
    static Deployment deployment(KubernetesSettings settings, DeploymentTask task, KubernetesTarget target,
                                 Instant startedAt, String previousImages) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(DEPLOYMENT_ID, Long.toString(task.deploymentId()));
        annotations.put(STARTED_AT, startedAt.toString());
        if (previousImages != null) {
            annotations.put(KubernetesRollback.PREVIOUS_IMAGES, previousImages);
        }
        List<EnvVar> env = new ArrayList<>();
        settings.env().forEach((name, value) -> env.add(new EnvVar(name, task.fill(value), null)));
        return new DeploymentBuilder()
                .withMetadata(new ObjectMetaBuilder(metadata(target)).withAnnotations(annotations).build())
                .withNewSpec()
                    .withReplicas(settings.replicas())
                    .withNewSelector().withMatchLabels(target.selector()).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(target.labels()).endMetadata()
                        .withNewSpec()
                            .addToContainers(new ContainerBuilder()
                                    .withName(containerName(task))
                                    .withImage(task.ref())
                                    .addNewPort()
                                        .withName(PORT_NAME)
                                        .withContainerPort(settings.containerPort())
                                        .withProtocol("TCP")
                                    .endPort()
                                    .withEnv(env)
                                    .withResources(new ResourceRequirementsBuilder()
                                            .withRequests(quantities(settings.resources().requests()))
                                            .withLimits(quantities(settings.resources().limits()))
                                            .build())
                                    .build())
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    static Service service(KubernetesSettings settings, KubernetesTarget target) {
        return new ServiceBuilder()
                .withMetadata(metadata(target))
                .withNewSpec()
                    .withSelector(target.labels())
                    .addNewPort()
                        .withName(PORT_NAME)
                        .withPort(SERVICE_PORT)
                        .withTargetPort(new IntOrString(settings.containerPort()))
                        .withProtocol("TCP")
                    .endPort()
                .endSpec()
                .build();
    }

    /** The Ingress, for a target with a host. */
    static Ingress ingress(KubernetesSettings settings, KubernetesTarget target) {
        return new IngressBuilder()
                .withMetadata(new ObjectMetaBuilder(metadata(target))
                        .withAnnotations(new LinkedHashMap<>(settings.ingressAnnotations())).build())
                .withNewSpec()
                    .withIngressClassName(settings.ingressClassName())
                    .addNewRule()
                        .withHost(target.host())
                        .withNewHttp()
                            .addNewPath()
                                .withPath("/")
                                .withPathType("Prefix")
                                .withNewBackend()
                                    .withNewService()
                                        .withName(target.name())
                                        .withNewPort().withNumber(SERVICE_PORT).endPort()
                                    .endService()
                                .endBackend()
                            .endPath()
                        .endHttp()
                    .endRule()
                .endSpec()
                .build();
    }

    private static ObjectMeta metadata(KubernetesTarget target) {
        return new ObjectMetaBuilder()
                .withName(target.name())
                .withNamespace(target.namespace())
                .withLabels(new LinkedHashMap<>(target.labels()))
                .build();
    }

    /** The project's name as a DNS label, which is what a container's name must be. */
    static String containerName(DeploymentTask task) {
        return DnsLabel.fit(DnsLabel.normalise(task.project()));
    }

    private static Map<String, Quantity> quantities(Map<String, String> values) {
        Map<String, Quantity> quantities = new LinkedHashMap<>();
        values.forEach((resource, amount) -> quantities.put(resource, new Quantity(amount)));
        return quantities;
    }
}
