package dev.slipway.backend.kubernetes;

import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.domain.DnsLabel;
import dev.slipway.domain.PreviewSlot;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where one deployment lands in the cluster: the name its Deployment, Service and Ingress share, their labels, and
 * the host the Ingress serves. A preview of a build gets a slot of its own ({@code web-branch-feature-login} at
 * {@code feature-login.branch.<project host>}); any other environment is the project itself at the project's host.
 *
 * @param selector the Deployment's pod selector: labels that stay the same for as long as the name does, since a
 *                 Deployment's selector cannot be changed
 * @param labels   every label of the objects and of their pods, the selector's included
 * @param host     the Ingress's host, or null when the project has no URL (then there is no Ingress)
 * @param url      where the deployment is served, or null
 */
record KubernetesTarget(String namespace, String name, Map<String, String> selector, Map<String, String> labels,
                        String host, String url) {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String INSTANCE = "app.kubernetes.io/instance";
    static final String PROJECT = "slipway/project";
    static final String ENVIRONMENT = "slipway/environment";
    static final String TYPE = "slipway/type";
    static final String TARGET = "slipway/target";
    static final String SLIPWAY = "slipway";
    static final String PREVIEW = "preview";

    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

    static KubernetesTarget of(String namespace, DeploymentTask task) throws PermanentBackendException {
        PreviewSlot preview = task.preview();
        String project = DnsLabel.normalise(task.project());
        String name;
        Map<String, String> labels = new LinkedHashMap<>();
        if (preview != null) {
            String type = DnsLabel.fit(DnsLabel.normalise(preview.type()));
            String target = DnsLabel.fit(DnsLabel.normalise(preview.target()));
            name = DnsLabel.fit(project + "-" + type + "-" + target);
            labels.put(INSTANCE, name);
            labels.put(MANAGED_BY, SLIPWAY);
            labels.put(PROJECT, labelValue(task.project()));
            labels.put(TYPE, type);
            labels.put(TARGET, target);
            labels.put(ENVIRONMENT, PREVIEW);
        } else {
            name = DnsLabel.fit(project);
            labels.put(INSTANCE, name);
            labels.put(MANAGED_BY, SLIPWAY);
            labels.put(PROJECT, labelValue(task.project()));
            labels.put(ENVIRONMENT, labelValue(task.environment()));
        }
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(INSTANCE, name);
        selector.put(MANAGED_BY, SLIPWAY);

        String host = null;
        String url = null;
        if (task.projectUrl() != null) {
            URI projectUrl = parse(task.projectUrl());
            String projectHost = projectUrl.getHost().toLowerCase(Locale.ROOT);
            host = preview == null ? projectHost : labels.get(TARGET) + "." + labels.get(TYPE) + "." + projectHost;
            url = projectUrl.getScheme().toLowerCase(Locale.ROOT) + "://" + host;
        }
        return new KubernetesTarget(namespace, name, Collections.unmodifiableMap(selector),
                Collections.unmodifiableMap(labels), host, url);
    }

    /** How the run is known to Slipway: {@code <namespace>/<name>}. */
    String handle() {
        return namespace + "/" + name;
    }

    private static URI parse(String projectUrl) throws PermanentBackendException {
        try {
            URI uri = new URI(projectUrl);
            if (uri.getHost() == null || uri.getScheme() == null) {
                throw new PermanentBackendException("the project's URL " + projectUrl
                        + " has no host to serve the deployment at");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new PermanentBackendException("the project's URL is not a valid URL: " + projectUrl, e);
        }
    }

    /** {@code text} itself when Kubernetes takes it as a label value, else its DNS label. */
    private static String labelValue(String text) {
        return text.length() <= DnsLabel.MAX_LENGTH && LABEL_VALUE.matcher(text).matches()
                ? text : DnsLabel.fit(DnsLabel.normalise(text));
    }
}
