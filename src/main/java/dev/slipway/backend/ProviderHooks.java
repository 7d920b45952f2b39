package dev.slipway.backend;

import java.util.List;

/**
 * The inbound hooks of every provider that reports its runs, built by the composition root with one line per
 * provider; the HTTP server mounts exactly these.
 */
public record ProviderHooks(List<ProviderHook> hooks) {
    public ProviderHooks {
        hooks = List.copyOf(hooks);
        long paths = hooks.stream().map(ProviderHook::path).distinct().count();
        if (paths != hooks.size()) {
            throw new IllegalArgumentException("two provider hooks share a path");
        }
    }
}
