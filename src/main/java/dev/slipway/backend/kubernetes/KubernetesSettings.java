package dev.slipway.backend.kubernetes;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a {@code kubernetes} backend deploys: which cluster and namespace, and what the Deployment it writes looks
 * like apart from its image, which is the deployment's ref.
 *
 * @param kubeconfig         path of a kubeconfig file, or null; with neither this nor {@code context}, fabric8's
 *                           auto-configuration applies ({@code ~/.kube/config} or {@code KUBECONFIG} if present,
 *                           otherwise the pod's service account)
 * @param context            the kubeconfig context to use, or null for its current context
 * @param namespace          the namespace every object goes into; it must exist
 * @param containerPort      the port the container listens on; 80 when not given
 * @param replicas           how many pods; 1 when not given
 * @param resources          the container's resource requests and limits; none when not given
 * @param env                the container's environment, in order; values may use the deployment placeholders
 * @param ingressClassName   the Ingress's class, or null for the cluster's default
 * @param ingressAnnotations annotations of the Ingress (for a certificate issuer, say)
 * @param rolloutTimeout     how long after its start a rollout may take to become available; 5 minutes when not
 *                           given
 * @param pollInterval       how often a rollout is looked at; 2 seconds when not given
 */
public record KubernetesSettings(String kubeconfig, String context, String namespace, Integer containerPort,
                                 Integer replicas, Resources resources, Map<String, String> env,
                                 String ingressClassName, Map<String, String> ingressAnnotations,
                                 Duration rolloutTimeout, Duration pollInterval) {
    static final int DEFAULT_CONTAINER_PORT = 80;
    static final int DEFAULT_REPLICAS = 1;
    static final Duration DEFAULT_ROLLOUT_TIMEOUT = Duration.ofMinutes(5);
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    // Kubernetes' quantity syntax: a decimal number with a binary (Ki..Ei), decimal (m, k..E) or exponent suffix.
    private static final Pattern QUANTITY =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([KMGTPE]i|[mkMGTPE]|[eE][+-]?\\d+)?");

    public KubernetesSettings {
        kubeconfig = optional(kubeconfig);
        context = optional(context);
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("namespace is required");
        }
        namespace = namespace.strip();
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must be a DNS label (at most 63 lower-case letters, "
                    + "digits and -, starting and ending with a letter or digit): " + namespace);
        }
        containerPort = containerPort == null ? DEFAULT_CONTAINER_PORT : containerPort;
        if (containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("containerPort must be between 1 and 65535");
        }
        replicas = replicas == null ? DEFAULT_REPLICAS : replicas;
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1");
        }
        resources = resources == null ? new Resources(null, null) : resources;
        env = copyOf(env, "env");
        for (String name : env.keySet()) {
            if (name.contains("=")) {
                throw new IllegalArgumentException("env." + name + ": a variable's name cannot contain =");
            }
        }
        ingressClassName = optional(ingressClassName);
        ingressAnnotations = copyOf(ingressAnnotations, "ingressAnnotations");
        rolloutTimeout = positive(rolloutTimeout, DEFAULT_ROLLOUT_TIMEOUT, "rolloutTimeout");
        pollInterval = positive(pollInterval, DEFAULT_POLL_INTERVAL, "pollInterval");
    }

    /**
     * The container's resource requests and limits by resource name ({@code cpu}, {@code memory}, ...), as
     * Kubernetes quantities: {@code { requests: { cpu: 100m, memory: 128Mi }, limits: { memory: 256Mi } }}.
     */
    public record Resources(Map<String, String> requests, Map<String, String> limits) {
        public Resources {
            requests = quantities(requests, "requests");
            limits = quantities(limits, "limits");
        }

        private static Map<String, String> quantities(Map<String, String> values, String name) {
            Map<String, String> copy = copyOf(values, name);
            copy.forEach((resource, quantity) -> {
                if (!QUANTITY.matcher(quantity).matches()) {
                    throw new IllegalArgumentException(name + "." + resource
                            + " is not a quantity (like 250m, 0.5, 128Mi or 1G): " + quantity);
                }
            });
            return copy;
        }
    }

    private static String optional(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        Duration duration = value == null ? fallback : value;
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return duration;
    }

    private static Map<String, String> copyOf(Map<String, String> values, String name) {
        if (values == null) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException(name + " must have names");
            }
            if (value == null) {
                throw new IllegalArgumentException(name + "." + key + " needs a value");
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }
}
