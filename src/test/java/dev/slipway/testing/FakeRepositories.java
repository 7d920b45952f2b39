package dev.slipway.testing;

import dev.slipway.backend.BackendException;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.Repositories;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A code host held in memory: per project, its repository's access, collaborators and deployments, and a failure to
 * answer with instead. Its collaborators come back whole, as the port promises however many pages GitHub takes.
 */
public final class FakeRepositories implements Repositories {
    private final Map<String, Access> access = new HashMap<>();
    private final Map<String, List<String>> collaborators = new HashMap<>();
    private final Map<String, List<RemoteDeployment>> deployments = new HashMap<>();
    private final Map<String, BackendException> failures = new HashMap<>();
    private final AtomicInteger checks = new AtomicInteger();

    /** Connects {@code project} to {@code repository}, which Slipway may deploy to or not. */
    public FakeRepositories repository(String project, String repository, boolean canDeploy) {
        access.put(project, new Access(repository, "https://github.com/" + repository, canDeploy, "main"));
        return this;
    }

    public FakeRepositories collaborators(String project, List<String> logins) {
        collaborators.put(project, List.copyOf(logins));
        return this;
    }

    public FakeRepositories deployments(String project, List<RemoteDeployment> newestFirst) {
        deployments.put(project, List.copyOf(newestFirst));
        return this;
    }

    /** Every question about {@code project} fails with {@code message} until {@link #recover}. */
    public FakeRepositories failing(String project, String message) {
        failures.put(project, new PermanentBackendException(message));
        return this;
    }

    public FakeRepositories recover(String project) {
        failures.remove(project);
        return this;
    }

    public int checks() {
        return checks.get();
    }

    @Override
    public boolean connects(String project) {
        return access.containsKey(project);
    }

    @Override
    public Access check(String project) throws BackendException {
        checks.incrementAndGet();
        answer(project);
        return access.get(project);
    }

    @Override
    public List<String> collaborators(String project) throws BackendException {
        answer(project);
        return collaborators.getOrDefault(project, List.of());
    }

    @Override
    public List<RemoteDeployment> recentDeployments(String project, int limit) throws BackendException {
        answer(project);
        List<RemoteDeployment> all = deployments.getOrDefault(project, List.of());
        return new ArrayList<>(all.subList(0, Math.min(limit, all.size())));
    }

    @Override
    public String deploymentBackend() {
        return "github";
    }

    /** Nobody but the creator here: the fake knows no commits. */
    @Override
    public Involvement involvement(String project, long remoteDeployment) throws BackendException {
        answer(project);
        return new Involvement("slipway[bot]", null);
    }

    private void answer(String project) throws BackendException {
        if (failures.containsKey(project)) {
            throw failures.get(project);
        }
        if (!access.containsKey(project)) {
            throw new PermanentBackendException("no GitHub connection");
        }
    }
}
