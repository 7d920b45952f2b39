package dev.slipway.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployable project and its environments, in the order the configuration lists them.
 *
 * @param channel               the chat channel bound to this project, or null
 * @param defaultEnvironment    what a bare {@code release} ships to, or null
 * @param url                   the project's public URL, from which preview hosts derive; or null
 * @param hookToken             the secret CI sends with finished builds; null when builds are not taken
 * @param previewEnvironment    where posted builds are previewed
 * @param productionEnvironment where reviewed builds are promoted to
 * @param repository            the code host repository it deploys from, {@code owner/name} (GitHub), or null
 */
public record Project(String id, String name, List<String> owners, List<String> qa, String channel,
                      String defaultEnvironment, Map<String, Environment> environments, String url, String hookToken,
                      String previewEnvironment, String productionEnvironment, String repository) {
    public Project {
        Objects.requireNonNull(id, "id");
        name = name == null ? id : name;
        owners = List.copyOf(owners);
        qa = List.copyOf(qa);
        environments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environments));
        previewEnvironment = previewEnvironment == null ? "preview" : previewEnvironment;
        productionEnvironment = productionEnvironment == null ? "production" : productionEnvironment;
    }

    /** Like the generated one, but without the hook token, so a project can be logged. */
    @Override
    public String toString() {
        return "Project[id=" + id + ", name=" + name + ", owners=" + owners + ", qa=" + qa + ", channel=" + channel
                + ", defaultEnvironment=" + defaultEnvironment + ", environments=" + environments.keySet()
                + ", url=" + url + ", hookToken=" + (hookToken == null ? null : "***") + ", previewEnvironment="
                + previewEnvironment + ", productionEnvironment=" + productionEnvironment + ", repository=" + repository
                + "]";
    }

    /** A project without a code host repository. */
    public Project(String id, String name, List<String> owners, List<String> qa, String channel,
                   String defaultEnvironment, Map<String, Environment> environments, String url, String hookToken,
                   String previewEnvironment, String productionEnvironment) {
        this(id, name, owners, qa, channel, defaultEnvironment, environments, url, hookToken, previewEnvironment,
                productionEnvironment, null);
    }

    /** A project that takes no builds and has no URL. */
    public Project(String id, String name, List<String> owners, List<String> qa, String channel,
                   String defaultEnvironment, Map<String, Environment> environments) {
        this(id, name, owners, qa, channel, defaultEnvironment, environments, null, null, null, null);
    }

    /** Whether {@code user} is one of the project's owners, one of its QA, or named itself, per {@code group}. */
    public boolean isIn(String group, String user) {
        return switch (group) {
            case Policy.OWNERS -> isOwner(user);
            case Policy.QA -> isQa(user);
            case Policy.ANYONE -> true;
            default -> group.equals(user);
        };
    }

    /** The people {@code groups} name (owners, qa, user ids), in that order, each once; {@code anyone} names nobody. */
    public List<String> people(List<String> groups) {
        java.util.Set<String> people = new java.util.LinkedHashSet<>();
        for (String group : groups) {
            switch (group) {
                case Policy.OWNERS -> people.addAll(owners);
                case Policy.QA -> people.addAll(qa);
                case Policy.ANYONE -> { }
                default -> people.add(group);
            }
        }
        return List.copyOf(people);
    }

    public Optional<Environment> environment(String environmentName) {
        return Optional.ofNullable(environments.get(environmentName));
    }

    /** The environments one deploys to, without the ones runbooks run in ({@link Runbook#environment()}). */
    public List<String> environmentNames() {
        List<String> names = new ArrayList<>(environments.keySet());
        names.removeIf(Runbook::isRunbookEnvironment);
        return names;
    }

    public boolean isOwner(String user) {
        return owners.contains(user);
    }

    public boolean isQa(String user) {
        return qa.contains(user);
    }

    /** The environment a bare {@code release} ships to: the configured default, or the only one there is. */
    public Optional<Environment> releaseEnvironment() {
        if (defaultEnvironment != null) {
            return environment(defaultEnvironment);
        }
        List<String> names = environmentNames();
        return names.size() == 1 ? environment(names.get(0)) : Optional.empty();
    }
}
