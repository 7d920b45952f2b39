package dev.slipway.app;

import dev.slipway.backend.BackendException;
import dev.slipway.backend.Repositories;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.Environment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who took part in a deployment on a code host (a GitHub Deployment), for its chat message: who created it there and
 * who wrote the deployed commit, each as the chat user linked to their login ({@code hello}), else by their login.
 * The asker is shown by the message itself. The code host is asked once per deployment (what it says never changes);
 * the links are read each time, so a link made meanwhile shows.
 */
public final class InvolvedPeople {
    private static final Logger LOG = LoggerFactory.getLogger(InvolvedPeople.class);

    /** How many deployments' involvement is remembered: who created one and who wrote its commit never change. */
    static final int REMEMBERED = 1000;

    private final PeopleService people;
    private final Catalog catalog;
    private final Repositories repositories;
    private final Map<String, Repositories.Involvement> remembered = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Repositories.Involvement> eldest) {
                    return size() > REMEMBERED;
                }
            });

    public InvolvedPeople(PeopleService people, Catalog catalog, Repositories repositories) {
        this.people = people;
        this.catalog = catalog;
        this.repositories = repositories;
    }

    /** Each person and their part ("created by <@U123>", "commit by octocat"); empty for other deployments. */
    public List<String> of(Deployment deployment) {
        Optional<Long> remote = remoteDeployment(deployment);
        if (remote.isEmpty()) {
            return List.of();
        }
        String key = deployment.project() + "/" + remote.get();
        Repositories.Involvement involvement = remembered.get(key);
        if (involvement == null) {
            try {
                involvement = repositories.involvement(deployment.project(), remote.get());
            } catch (BackendException e) {
                // The message goes out without them rather than not at all.
                LOG.debug("who took part in #{} is unknown: {}", deployment.id(), e.getMessage());
                return List.of();
            }
            remembered.put(key, involvement);
        }
        Map<String, String> parts = new LinkedHashMap<>();
        if (involvement.creator() != null) {
            parts.put("created by", involvement.creator());
        }
        if (involvement.commitAuthor() != null) {
            parts.put("commit by", involvement.commitAuthor());
        }
        Map<String, String> chatUsers = people.chatUsersOf(List.copyOf(parts.values()));
        List<String> involved = new ArrayList<>();
        parts.forEach((part, login) -> {
            String user = chatUsers.get(login);
            involved.add(part + " " + (user != null ? "<@" + user + ">" : login));
        });
        return involved;
    }

    /** The code host's id of the deployment's run, when it is a deployment there. */
    private Optional<Long> remoteDeployment(Deployment deployment) {
        String backendType = catalog.projects().findById(deployment.project())
                .filter(project -> project.repository() != null && repositories.connects(project.id()))
                .flatMap(project -> project.environment(deployment.environment()))
                .map(Environment::backendType).orElse(null);
        String run = deployment.externalId();
        if (!repositories.deploymentBackend().equals(backendType) || run == null || run.isEmpty()
                || !run.chars().allMatch(Character::isDigit) || run.length() > 18) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(run));
    }
}
