package dev.slipway.backend.github;

import dev.slipway.backend.BackendException;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.Repositories;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Projects' GitHub repositories, each asked with its project's own client. */
public final class GitHubRepositories implements Repositories {
    private final Map<String, GitHubClient> clientsByProject;

    public GitHubRepositories(Map<String, GitHubClient> clientsByProject) {
        this.clientsByProject = Map.copyOf(clientsByProject);
    }

    @Override
    public String deploymentBackend() {
        return GitHubBackend.TYPE;
    }

    @Override
    public boolean connects(String project) {
        return clientsByProject.containsKey(project);
    }

    @Override
    public Access check(String project) throws BackendException {
        RepositoryAccess access = client(project).repository();
        return new Access(access.fullName(), access.htmlUrl(), access.canDeploy(), access.defaultBranch());
    }

    @Override
    public List<String> collaborators(String project) throws BackendException {
        return client(project).collaborators();
    }

    /** Each deployment with its latest status: one request for the list, one per deployment for its status. */
    @Override
    public List<RemoteDeployment> recentDeployments(String project, int limit) throws BackendException {
        GitHubClient client = client(project);
        List<RemoteDeployment> recent = new ArrayList<>();
        for (GitHubDeployment deployment : client.deployments(null, null, limit)) {
            GitHubDeploymentStatus status = client.latestStatus(deployment.id()).orElse(null);
            Object slipway = deployment.payload().get(GitHubBackend.PAYLOAD_KEY);
            Long slipwayId = null;
            String requestedBy = null;
            if (slipway instanceof Map<?, ?> ours && ours.get("deployment") instanceof Number id) {
                slipwayId = id.longValue();
                requestedBy = deployment.payload().get("requested_by") instanceof String user ? user : null;
            }
            recent.add(new RemoteDeployment(deployment.id(), deployment.ref(), deployment.environment(),
                    deployment.creator(), deployment.createdAt(), status == null ? "created" : status.state(),
                    status == null ? null : status.logUrl(), slipwayId, requestedBy));
        }
        return recent;
    }

    @Override
    public Involvement involvement(String project, long remoteDeployment) throws BackendException {
        GitHubClient client = client(project);
        GitHubDeployment deployment = client.deployment(remoteDeployment);
        String author = deployment.sha() == null ? null : client.commitAuthor(deployment.sha()).orElse(null);
        return new Involvement(deployment.creator(), author);
    }

    private GitHubClient client(String project) throws PermanentBackendException {
        GitHubClient client = clientsByProject.get(project);
        if (client == null) {
            throw new PermanentBackendException("project " + project + " has no github: repository configured", null);
        }
        return client;
    }
}
