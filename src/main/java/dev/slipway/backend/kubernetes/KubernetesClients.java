package dev.slipway.backend.kubernetes;

import dev.slipway.backend.PermanentBackendException;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Builds the client of a {@code kubernetes} backend from its kubeconfig and context, or from the environment. */
final class KubernetesClients {
    private KubernetesClients() {
    }

    static KubernetesClient create(KubernetesSettings settings) throws PermanentBackendException {
        Config config = config(settings);
        // Slipway does its own retrying (the job queue retries a start, follow keeps polling), and the client's
        // retries with backoff would only hold a worker for longer.
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }

    private static Config config(KubernetesSettings settings) throws PermanentBackendException {
        String context = settings.context();
        if (settings.kubeconfig() == null) {
            Config config = Config.autoConfigure(context);
            if (context != null) {
                requireContext(config, context, "the kubeconfig (KUBECONFIG or ~/.kube/config)");
            }
            return config;
        }
        Path file = Path.of(settings.kubeconfig());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new PermanentBackendException("the kubeconfig " + file + " does not exist or cannot be read");
        }
        Config config;
        try {
            config = Config.fromKubeconfig(context, file.toFile());
        } catch (KubernetesClientException | IllegalArgumentException e) {
            throw new PermanentBackendException("the kubeconfig " + file + " cannot be read as a kubeconfig", e);
        }
        // fabric8 falls back to the current context when the one asked for is missing: that would deploy to
        // whatever cluster the file happens to point at.
        requireContext(config, context, "the kubeconfig " + file);
        return config;
    }

    private static void requireContext(Config config, String context, String where) throws PermanentBackendException {
        NamedContext current = config.getCurrentContext();
        if (context == null && current != null) {
            return;
        }
        if (current == null || !current.getName().equals(context)) {
            List<NamedContext> contexts = config.getContexts() != null ? config.getContexts() : List.of();
            String known = contexts.stream().map(NamedContext::getName).sorted().collect(Collectors.joining(", "));
            throw new PermanentBackendException(context == null
                    ? where + " names no current context; set context"
                    : "there is no context " + context + " in " + where
                            + (known.isEmpty() ? "" : " (contexts: " + known + ")"));
        }
    }
}
