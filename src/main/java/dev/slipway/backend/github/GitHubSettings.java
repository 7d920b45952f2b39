package dev.slipway.backend.github;

import java.time.Duration;
import java.util.List;

/**
 * How a {@code github} backend deploys: the GitHub Deployment it creates for each deployment (the repository and
 * credentials are the project's {@code github:}). A {@code circleci:} key beside these hands the run on to a
 * CircleCI pipeline; without one, whatever acts on GitHub's {@code deployment} event (GitHub Actions) does the work.
 *
 * @param autoMerge            whether GitHub merges the default branch into the ref first ({@code auto_merge});
 *                             false when not given, so the ref is deployed as it is
 * @param requiredContexts     the commit statuses that must pass ({@code required_contexts}); null, when not given,
 *                             leaves GitHub's default (every required check), an empty list bypasses them
 * @param productionEnvironment whether the environment is production ({@code production_environment}); when not
 *                             given, true for an environment named {@code production}
 * @param transientEnvironment whether the environment goes away ({@code transient_environment}); false when not given
 * @param timeout              how long one request to GitHub may take; 30 seconds when not given
 * @param reportTimeout        how long a deployment may go without GitHub reporting its end; one hour when not given
 */
public record GitHubSettings(Boolean autoMerge, List<String> requiredContexts, Boolean productionEnvironment,
                             Boolean transientEnvironment, Duration timeout, Duration reportTimeout) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_REPORT_TIMEOUT = Duration.ofHours(1);

    public GitHubSettings {
        autoMerge = autoMerge != null && autoMerge;
        transientEnvironment = transientEnvironment != null && transientEnvironment;
        if (requiredContexts != null) {
            for (String context : requiredContexts) {
                if (context == null || context.isBlank()) {
                    throw new IllegalArgumentException("requiredContexts must name status contexts, such as ci/build");
                }
            }
            requiredContexts = List.copyOf(requiredContexts);
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        reportTimeout = reportTimeout == null ? DEFAULT_REPORT_TIMEOUT : reportTimeout;
        if (reportTimeout.isZero() || reportTimeout.isNegative()) {
            throw new IllegalArgumentException("reportTimeout must be positive");
        }
    }

    /** Whether {@code environment} is production, as given or by its name. */
    boolean isProduction(String environment) {
        return productionEnvironment != null ? productionEnvironment : "production".equals(environment);
    }
}
