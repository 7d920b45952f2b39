package dev.slipway.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The allow-list of runbooks, in the order the configuration lists them. */
public final class Runbooks {
    private final Map<String, Runbook> byName = new LinkedHashMap<>();

    public Runbooks(List<Runbook> runbooks) {
        runbooks.forEach(runbook -> byName.put(runbook.name(), runbook));
    }

    public static Runbooks none() {
        return new Runbooks(List.of());
    }

    public Optional<Runbook> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<Runbook> list() {
        return List.copyOf(byName.values());
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }
}
