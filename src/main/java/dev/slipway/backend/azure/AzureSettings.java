package dev.slipway.backend.azure;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an {@code azure} backend deploys: which runbook of which account to start, with which parameters.
 *
 * @param account    the name of the {@link AzureAccount} to use; may be null when exactly one is configured
 * @param runbook    the runbook to start a job of
 * @param parameters the runbook's parameters, in order; values may use the deployment placeholders ({@code {{ref}}});
 *                   a runbook run's own arguments are added to them and win
 * @param runOn      the Hybrid Runbook Worker group to run on, or null to run in Azure
 * @param timeout    how long a job may run before Slipway stops it, instead of the account's; null for the account's
 */
public record AzureSettings(String account, String runbook, Map<String, String> parameters, String runOn,
                            Duration timeout) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
    private static final Set<String> PLACEHOLDERS = Set.of("project", "environment", "ref", "deployment", "user",
            "channel", "thread", "providerDeployment");

    public AzureSettings {
        account = account == null || account.isBlank() ? null : account.strip();
        if (runbook == null || runbook.isBlank()) {
            throw new IllegalArgumentException("runbook is required");
        }
        runbook = runbook.strip();
        parameters = copyOf(parameters);
        runOn = runOn == null || runOn.isBlank() ? null : runOn.strip();
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    // A placeholder Slipway does not know would reach the runbook as it is written, so it is refused here.
    private static Map<String, String> copyOf(Map<String, String> parameters) {
        if (parameters == null) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        parameters.forEach((key, value) -> {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("parameters must have names");
            }
            if (value == null) {
                throw new IllegalArgumentException("parameters." + key + " needs a value");
            }
            Matcher matcher = PLACEHOLDER.matcher(value);
            while (matcher.find()) {
                if (!PLACEHOLDERS.contains(matcher.group(1))) {
                    throw new IllegalArgumentException("parameters." + key + " uses an unknown placeholder {{"
                            + matcher.group(1) + "}}");
                }
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }
}
