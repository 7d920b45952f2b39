package dev.slipway.backend;

import java.time.Duration;

/**
 * A backend whose provider reports the end of a run to one of Slipway's inbound hooks (a GitLab pipeline), which its
 * package contributes to {@link ProviderHooks}. Nothing follows the run; a watchdog fails the deployment when no
 * report has come within {@link #reportDeadline()}.
 */
public non-sealed interface ReportedBackend extends Backend {

    /** How long a run may go without a report of its end before its deployment fails. */
    Duration reportDeadline();
}
