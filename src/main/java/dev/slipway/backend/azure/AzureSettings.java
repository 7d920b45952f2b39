package dev.slipway.backend.azure;

import dev.slipway.backend.DeploymentTask;
import java.time.Duration;
import java.util.Map;

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

    public AzureSettings {
        account = account == null || account.isBlank() ? null : account.strip();
        if (runbook == null || runbook.isBlank()) {
            throw new IllegalArgumentException("runbook is required");
        }
        runbook = runbook.strip();
        parameters = DeploymentTask.checkedTemplates("parameters", parameters);
        runOn = runOn == null || runOn.isBlank() ? null : runOn.strip();
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }
}
