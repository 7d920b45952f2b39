package dev.slipway.backend.circleci;

import dev.slipway.backend.DeploymentTask;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How a {@code circleci} backend deploys: which project's pipeline to trigger, with which token and parameters.
 *
 * @param url             CircleCI's API base; {@code https://circleci.com} when not given (a server install's
 *                        own base otherwise)
 * @param projectSlug     the project, e.g. {@code gh/acme/api}, {@code bb/org/repo} or {@code circleci/<uuid>/<uuid>};
 *                        kept opaque
 * @param token           a personal API token; a secret, never shown by {@link #toString()}
 * @param parameters      pipeline parameters passed with the trigger, in order; values may use the deployment
 *                        placeholders, and each must be declared in the project's {@code .circleci/config.yml}
 * @param timeout         how long one HTTP request to CircleCI may take; 30 seconds when not given
 * @param pipelineTimeout how long a pipeline may run without reporting its end before its deployment fails; one
 *                        hour when not given
 */
public record CircleCiSettings(String url, String projectSlug, String token, Map<String, String> parameters,
                               Duration timeout, Duration pipelineTimeout) {
    static final String DEFAULT_URL = "https://circleci.com";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_PIPELINE_TIMEOUT = Duration.ofHours(1);

    public CircleCiSettings {
        url = url == null || url.isBlank() ? DEFAULT_URL : url.strip();
        String scheme = url.toLowerCase(Locale.ROOT);
        if (!scheme.startsWith("http://") && !scheme.startsWith("https://")) {
            throw new IllegalArgumentException("url must start with http:// or https://");
        }
        try {
            if (URI.create(url).getHost() == null) {
                throw new IllegalArgumentException("url has no host: " + url);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url is not a valid URL: " + url);
        }
        projectSlug = required(projectSlug, "projectSlug");
        String slugProblem = slugProblem(projectSlug);
        if (slugProblem != null) {
            throw new IllegalArgumentException("projectSlug `" + projectSlug + "` " + slugProblem);
        }
        token = required(token, "token");
        parameters = DeploymentTask.checkedTemplates("parameters", parameters);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        pipelineTimeout = pipelineTimeout == null ? DEFAULT_PIPELINE_TIMEOUT : pipelineTimeout;
        if (pipelineTimeout.isZero() || pipelineTimeout.isNegative()) {
            throw new IllegalArgumentException("pipelineTimeout must be positive");
        }
    }

    /** Settings for CircleCI's cloud with the default timeouts. */
    public CircleCiSettings(String projectSlug, String token, Map<String, String> parameters) {
        this(null, projectSlug, token, parameters, null, null);
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value.strip();
    }

    // The slug is opaque (its form depends on how the project is connected), but it goes into a URL path, so
    // whatever would change which resource is addressed is refused here rather than sent.
    private static String slugProblem(String slug) {
        if (slug.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return "contains whitespace";
        }
        if (slug.contains("?") || slug.contains("#")) {
            return "contains `?` or `#`";
        }
        for (String segment : slug.split("/", -1)) {
            if (segment.isEmpty()) {
                return "has an empty segment";
            }
            if (segment.equals("..") || segment.equals(".")) {
                return "has a `" + segment + "` segment";
            }
        }
        return null;
    }

    /** Like the generated one, but without the token, so settings can be logged. */
    @Override
    public String toString() {
        return "CircleCiSettings[url=" + url + ", projectSlug=" + projectSlug + ", token=***, parameters="
                + parameters + ", timeout=" + timeout + ", pipelineTimeout=" + pipelineTimeout + "]";
    }
}
