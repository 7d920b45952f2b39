package dev.slipway.backend;

/**
 * A provider's inbound hook: the route it is called on, and how a call is authenticated, parsed and deduplicated.
 * It lives in its backend's package and is listed in {@link ProviderHooks}; the HTTP server only mounts it. Each
 * call answers 401 before looking at the body when authentication fails, 400 for a body it cannot read, and leaves
 * a report it accepts to {@link RunReports}, with a delivery key when the provider sends one.
 */
public interface ProviderHook {

    /** The path it is mounted on with POST, e.g. {@code /hooks/gitlab}. */
    String path();

    HookAnswer handle(HookRequest request, RunReports reports);
}
