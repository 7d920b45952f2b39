package dev.slipway.backend.github;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deployment to ask GitHub for, with task {@code deploy}.
 *
 * @param payload          echoed back in the {@code deployment} webhook; empty when null
 * @param autoMerge        whether GitHub should first merge the default branch into {@code ref}
 * @param requiredContexts the status checks that must pass; null leaves it to GitHub (every required check), an
 *                         empty list skips the checks
 */
public record NewDeployment(String ref, String environment, String description, Map<String, Object> payload,
                            boolean autoMerge, List<String> requiredContexts, boolean productionEnvironment,
                            boolean transientEnvironment) {
    public NewDeployment {
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("a deployment needs a ref");
        }
        if (environment == null || environment.isBlank()) {
            throw new IllegalArgumentException("a deployment needs an environment");
        }
        payload = payload == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(payload));
        requiredContexts = requiredContexts == null ? null : List.copyOf(requiredContexts);
    }
}
