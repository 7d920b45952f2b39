package dev.slipway.backend;

import java.time.Instant;
import java.util.List;

/**
 * The code host that holds projects' repositories (GitHub), asked outside any run: whether Slipway can deploy a
 * repository, who works on it, which deployments it had. Each project reaches its repository with its own
 * credentials, so every question names the project. Failures are {@link BackendException}s whose message a person
 * understands ("GitHub refused the token for acme/api (401)…").
 */
public interface Repositories {

    /** The type of backend whose runs are deployments on this code host ({@code github}). */
    String deploymentBackend();

    /** Whether {@code project} is connected to a repository Slipway can ask about. */
    boolean connects(String project);

    /** The project's repository as Slipway's identity sees it. */
    Access check(String project) throws BackendException;

    /** Every collaborator's login, all pages of them. */
    List<String> collaborators(String project) throws BackendException;

    /** The repository's most recent deployments, newest first, whoever created them. */
    List<RemoteDeployment> recentDeployments(String project, int limit) throws BackendException;

    /**
     * Who took part in the code host's deployment {@code remoteDeployment} (a deployment's run on a {@code github}
     * backend): who created it and who wrote the deployed commit, as the code host knows them.
     */
    Involvement involvement(String project, long remoteDeployment) throws BackendException;

    /**
     * @param creator      the login that created the deployment
     * @param commitAuthor the login of the deployed commit's author, or null when the code host links it to nobody
     */
    record Involvement(String creator, String commitAuthor) {
    }

    /**
     * @param repository    {@code owner/name} as the code host spells it
     * @param canDeploy     whether Slipway's identity may create deployments there
     * @param defaultBranch the branch deployments merge from
     */
    record Access(String repository, String url, boolean canDeploy, String defaultBranch) {
    }

    /**
     * One deployment on the code host.
     *
     * @param state              its latest status ({@code success}, {@code in_progress}…), or {@code created} when it
     *                           has none yet
     * @param slipwayDeployment  the id of the Slipway deployment that created it, or null when another tool did
     * @param requestedBy        for one Slipway created, the chat user who asked for it; else null
     */
    record RemoteDeployment(long id, String ref, String environment, String creator, Instant createdAt, String state,
                            String logUrl, Long slipwayDeployment, String requestedBy) {
    }
}
