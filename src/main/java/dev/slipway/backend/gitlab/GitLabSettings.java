package dev.slipway.backend.gitlab;

import dev.slipway.domain.Excerpt;
import dev.slipway.domain.GitRef;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a {@code gitlab} backend deploys: which project's pipeline to trigger, with which token and variables.
 *
 * @param url          the GitLab instance, e.g. {@code https://gitlab.example.com}
 * @param projectId    the project's numeric id or its path ({@code acme/web-api})
 * @param triggerToken a pipeline trigger token of that project; a secret, never shown by {@link #toString()}
 * @param ref          the ref deployed when a request names none, or null; a valid git ref
 * @param variables    CI variables passed to the pipeline, in order; values may use the deployment placeholders
 * @param timeout      how long one HTTP request to GitLab may take; 30 seconds when not given
 * @param pipelineTimeout how long a pipeline may run without reporting its end before its deployment fails;
 *                     one hour when not given
 * @param apiToken     an access token with the {@code api} scope, or null; a secret. With it Slipway can cancel a
 *                     pipeline and, after a trigger that ended in doubt, find the pipeline it started instead of
 *                     failing the deployment for a person to check
 */
public record GitLabSettings(String url, String projectId, String triggerToken, String ref,
                             Map<String, String> variables, Duration timeout, Duration pipelineTimeout,
                             String apiToken) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_PIPELINE_TIMEOUT = Duration.ofHours(1);

    public GitLabSettings {
        url = required(url, "url");
        String scheme = url.toLowerCase(Locale.ROOT);
        if (!scheme.startsWith("http://") && !scheme.startsWith("https://")) {
            throw new IllegalArgumentException("url must start with http:// or https://");
        }
        try {
            URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url is not a valid URL: " + url);
        }
        projectId = required(projectId, "projectId");
        triggerToken = required(triggerToken, "triggerToken");
        apiToken = apiToken == null || apiToken.isBlank() ? null : apiToken.strip();
        ref = ref == null || ref.isBlank() ? null : ref.strip();
        if (ref != null) {
            String given = ref;
            GitRef.problem(given).ifPresent(problem -> {
                throw new IllegalArgumentException("ref `" + Excerpt.of(given) + "` is not a valid ref: it " + problem);
            });
        }
        variables = copyOf(variables);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        pipelineTimeout = pipelineTimeout == null ? DEFAULT_PIPELINE_TIMEOUT : pipelineTimeout;
        if (pipelineTimeout.isZero() || pipelineTimeout.isNegative()) {
            throw new IllegalArgumentException("pipelineTimeout must be positive");
        }
    }

    /** Settings without an API token. */
    public GitLabSettings(String url, String projectId, String triggerToken, String ref, Map<String, String> variables,
                          Duration timeout, Duration pipelineTimeout) {
        this(url, projectId, triggerToken, ref, variables, timeout, pipelineTimeout, null);
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value.strip();
    }

    // GitLab refuses a variable that is not a string, so an empty YAML value is caught here, with its line,
    // rather than as a 400 at the first deploy.
    private static Map<String, String> copyOf(Map<String, String> variables) {
        if (variables == null) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        variables.forEach((key, value) -> {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("variables must have names");
            }
            if (value == null) {
                throw new IllegalArgumentException("variables." + key + " needs a value");
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    /** Like the generated one, but without the tokens, so settings can be logged. */
    @Override
    public String toString() {
        return "GitLabSettings[url=" + url + ", projectId=" + projectId + ", triggerToken=***, ref=" + ref
                + ", variables=" + variables + ", timeout=" + timeout + ", pipelineTimeout=" + pipelineTimeout
                + ", apiToken=" + (apiToken == null ? "none" : "***") + "]";
    }
}
