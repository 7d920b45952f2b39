package dev.slipway.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What rolling a failed rollout back needs, kept on the Deployment itself so that whoever follows the run (after a
 * restart, on another replica) finds it: the images the Deployment ran before the rollout and, once it is rolled
 * back, whose rollout that was, when and why. Slipway restores those images itself rather than asking for
 * {@code kubectl rollout undo}, whose ReplicaSet history may be pruned or hold a revision Slipway did not write.
 * Pure: it reads and builds objects.
 */
final class KubernetesRollback {
    /**
     * The images the Deployment ran before this deployment's rollout, by container
     * ({@code web-api=registry.example.com/web-api:1.9}, comma-separated); empty when there was no Deployment. Written
     * only for an environment that rolls failed rollouts back.
     */
    static final String PREVIOUS_IMAGES = "slipway/previous-images";
    /** Set to the id of the deployment whose failed rollout was rolled back. */
    static final String ROLLED_BACK = "slipway/rolled-back";
    /** When the rollback was written: its rollout has {@code rolloutTimeout} from then. */
    static final String ROLLED_BACK_AT = "slipway/rolled-back-at";
    /** Why the rollout was rolled back, as its run's summary said. */
    static final String REASON = "slipway/rollback-reason";

    private KubernetesRollback() {
    }

    /** The value of {@link #PREVIOUS_IMAGES} for a rollout that replaces {@code existing} (null: none). */
    static String record(Deployment existing) {
        if (existing == null) {
            return "";
        }
        List<String> pairs = images(existing).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        return String.join(",", pairs);
    }

    /** The images {@link #record} wrote, by container; empty for none. */
    static Map<String, String> parse(String recorded) {
        Map<String, String> images = new LinkedHashMap<>();
        for (String pair : recorded.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && equals < pair.length() - 1) {
                images.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
            }
        }
        return images;
    }

    /** The images of the Deployment's containers, by container name, in order. */
    static Map<String, String> images(Deployment deployment) {
        Map<String, String> images = new LinkedHashMap<>();
        if (deployment.getSpec() == null || deployment.getSpec().getTemplate() == null
                || deployment.getSpec().getTemplate().getSpec() == null) {
            return images;
        }
        for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
            if (container.getImage() != null) {
                images.put(container.getName(), container.getImage());
            }
        }
        return images;
    }

    /**
     * {@code current} with each container named in {@code previous} running its previous image again, and marked
     * rolled back for {@code deploymentId}. Everything else is left as it is, the resource version included, so that
     * writing it fails (409) if the Deployment changed since it was read.
     */
    static Deployment rolledBack(Deployment current, Map<String, String> previous, long deploymentId, String reason,
                                 Instant at) {
        Deployment copy = new DeploymentBuilder(current).build();
        for (Container container : copy.getSpec().getTemplate().getSpec().getContainers()) {
            String image = previous.get(container.getName());
            if (image != null) {
                container.setImage(image);
            }
        }
        Map<String, String> annotations = copy.getMetadata().getAnnotations() != null
                ? new LinkedHashMap<>(copy.getMetadata().getAnnotations()) : new LinkedHashMap<>();
        annotations.put(ROLLED_BACK, Long.toString(deploymentId));
        annotations.put(ROLLED_BACK_AT, at.toString());
        annotations.put(REASON, reason);
        copy.getMetadata().setAnnotations(annotations);
        return copy;
    }

    /** The images as a person reads them: {@code registry/api:1.9}, or several joined with "and". */
    static String describe(Collection<String> images) {
        return String.join(" and ", images);
    }
}
