package dev.slipway.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured projects, looked up by id or by their bound channel. */
public final class Projects {
    private final Map<String, Project> byId = new LinkedHashMap<>();

    public Projects(List<Project> projects) {
        for (Project project : projects) {
            byId.put(project.id(), project);
        }
    }

    public Optional<Project> findById(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Optional<Project> findByChannel(String channel) {
        return byId.values().stream().filter(p -> channel != null && channel.equals(p.channel())).findFirst();
    }

    /** The project that deploys from {@code repository} ({@code owner/name}, in any case, as GitHub treats it). */
    public Optional<Project> findByRepository(String repository) {
        return byId.values().stream()
                .filter(p -> repository != null && p.repository() != null && repository.equalsIgnoreCase(p.repository()))
                .findFirst();
    }

    public List<Project> list() {
        return List.copyOf(byId.values());
    }

    /** The ids of the configured projects (not the one that holds runbooks without a project). */
    public List<String> ids() {
        return byId.keySet().stream().filter(id -> !Runbook.NO_PROJECT.equals(id)).toList();
    }
}
