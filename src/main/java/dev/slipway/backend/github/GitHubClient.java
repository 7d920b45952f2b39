package dev.slipway.backend.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.TransientBackendException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * GitHub's Deployments REST API for one repository. Authentication comes from hub4j ({@link GitHubCredentials});
 * the requests are Slipway's own JSON over the JDK client, because hub4j 1.330 fails on three of them: a 202 answer
 * to creating a deployment, the state {@code in_progress} (it sends {@code in-progress}), and a payload that is an
 * object. One sender also gives every call the same timeout and the same plain-words errors ({@link GitHubAnswers}).
 */
public final class GitHubClient {
    /** The states GitHub accepts for a deployment status. */
    public static final Set<String> STATES =
            Set.of("error", "failure", "inactive", "in_progress", "queued", "pending", "success");
    static final String API_VERSION = "2022-11-28";
    private static final int MAX_PER_PAGE = 100;
    private static final int MAX_DESCRIPTION = 140;

    /** A request still without its authorization, which is looked up (and for an app maybe refreshed) as it goes. */
    private record Request(String url, String body) {
    }

    private final GitHubConnection connection;
    private final HttpClient http;
    private final Duration timeout;
    private final GitHubCredentials credentials;
    private final GitHubAnswers answers;
    private final String repoUrl;

    public GitHubClient(GitHubConnection connection, HttpClient http, Duration timeout) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.credentials = new GitHubCredentials(connection, http, timeout);
        this.answers = new GitHubAnswers(connection.repo(), connection.token(),
                java.net.URI.create(connection.apiUrl()).getHost());
        this.repoUrl = connection.apiUrl() + "/repos/" + connection.repo();
    }

    /** The repository this client reaches, and how. */
    public GitHubConnection connection() {
        return connection;
    }

    /** What Slipway's identity can see of the repository, and whether it may deploy. */
    public RepositoryAccess repository() throws BackendException {
        JsonNode repo = answers.json(send(get(repoUrl), "read the repository", answers.notFound(), false),
                "read the repository", false);
        JsonNode permissions = repo.path("permissions");
        boolean canDeploy = credentials.appCanDeploy().orElseGet(() -> permissions.path("push").asBoolean(false)
                || permissions.path("maintain").asBoolean(false) || permissions.path("admin").asBoolean(false));
        return new RepositoryAccess(repo.path("full_name").asText(connection.repo()),
                repo.path("html_url").asText(null), repo.path("default_branch").asText(null), canDeploy);
    }

    /** Asks GitHub for a deployment with task {@code deploy}; not idempotent, every call may create one. */
    public CreateAnswer createDeployment(NewDeployment request) throws BackendException {
        ObjectNode body = GitHubAnswers.JSON.createObjectNode().put("ref", request.ref()).put("task", "deploy")
                .put("auto_merge", request.autoMerge());
        if (request.requiredContexts() != null) {
            request.requiredContexts().forEach(body.putArray("required_contexts")::add);
        }
        body.set("payload", GitHubAnswers.JSON.valueToTree(request.payload()));
        body.put("environment", request.environment());
        if (request.description() != null) {
            body.put("description", request.description());
        }
        body.put("production_environment", request.productionEnvironment())
                .put("transient_environment", request.transientEnvironment());
        String doing = "create a deployment of " + request.ref();
        HttpResponse<String> response = exchange(post(repoUrl + "/deployments", body), doing, true);
        return answers.created(response, request.ref());
    }

    /**
     * Adds a status to a deployment. {@code state} is one of {@link #STATES}; the description is clipped to GitHub's
     * 140 characters; null fields are left out.
     */
    public void createStatus(long deploymentId, String state, String logUrl, String description, String environmentUrl)
            throws BackendException {
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("GitHub knows no deployment state `" + state + "`; use one of "
                    + String.join(", ", STATES.stream().sorted().toList()));
        }
        ObjectNode body = GitHubAnswers.JSON.createObjectNode().put("state", state);
        if (logUrl != null) {
            body.put("log_url", logUrl);
        }
        if (description != null) {
            body.put("description", clip(description));
        }
        if (environmentUrl != null) {
            body.put("environment_url", environmentUrl);
        }
        String doing = "set the status of deployment " + deploymentId + " to " + state;
        send(post(repoUrl + "/deployments/" + deploymentId + "/statuses", body), doing,
                noDeployment(deploymentId), false);
    }

    /** Deployments newest first, for a ref and an environment when given, at most {@code limit} of them. */
    public List<GitHubDeployment> deployments(String ref, String environment, int limit) throws BackendException {
        if (limit <= 0) {
            return List.of();
        }
        StringBuilder query = new StringBuilder("?per_page=").append(Math.min(limit, MAX_PER_PAGE));
        if (ref != null) {
            query.append("&ref=").append(URLEncoder.encode(ref, StandardCharsets.UTF_8));
        }
        if (environment != null) {
            query.append("&environment=").append(URLEncoder.encode(environment, StandardCharsets.UTF_8));
        }
        List<GitHubDeployment> deployments = new ArrayList<>();
        for (JsonNode node : pages(repoUrl + "/deployments" + query, "list the deployments", limit)) {
            deployments.add(answers.deployment(node));
        }
        return deployments;
    }

    /** One deployment, by its id. */
    public GitHubDeployment deployment(long deploymentId) throws BackendException {
        String doing = "read deployment " + deploymentId;
        return answers.deployment(answers.json(send(get(repoUrl + "/deployments/" + deploymentId), doing,
                noDeployment(deploymentId), false), doing, false));
    }

    /** The newest status of a deployment, or empty when it has none. */
    public Optional<GitHubDeploymentStatus> latestStatus(long deploymentId) throws BackendException {
        String doing = "read the statuses of deployment " + deploymentId;
        // GitHub lists statuses newest first.
        JsonNode statuses = answers.json(send(get(repoUrl + "/deployments/" + deploymentId + "/statuses?per_page=1"),
                doing, noDeployment(deploymentId), false), doing, true);
        return statuses.isEmpty() ? Optional.empty() : Optional.of(answers.status(statuses.get(0)));
    }

    /** The login of every collaborator of the repository. */
    public List<String> collaborators() throws BackendException {
        List<String> logins = new ArrayList<>();
        for (JsonNode user : pages(repoUrl + "/collaborators?per_page=" + MAX_PER_PAGE, "list the collaborators",
                Integer.MAX_VALUE)) {
            logins.add(user.path("login").asText());
        }
        return logins;
    }

    /** The login of the commit's author, or empty when GitHub links the commit to no user. */
    public Optional<String> commitAuthor(String sha) throws BackendException {
        String doing = "read commit " + sha;
        HttpResponse<String> response = exchange(get(repoUrl + "/commits/" + URLEncoder.encode(sha,
                StandardCharsets.UTF_8)), doing, false);
        if (response.statusCode() == 422) {
            throw answers.unprocessable(response.body(), sha);
        }
        JsonNode commit = answers.json(check(response, doing, answers.notFound(), false), doing, false);
        JsonNode login = commit.path("author").path("login");
        return login.isTextual() && !login.asText().isBlank() ? Optional.of(login.asText()) : Optional.empty();
    }

    private List<JsonNode> pages(String firstUrl, String doing, int limit) throws BackendException {
        List<JsonNode> items = new ArrayList<>();
        String url = firstUrl;
        while (url != null && items.size() < limit) {
            HttpResponse<String> response = send(get(url), doing, answers.notFound(), false);
            for (JsonNode item : answers.json(response, doing, true)) {
                if (items.size() < limit) {
                    items.add(item);
                }
            }
            // Only GitHub's own links: the token goes wherever the next request goes.
            url = GitHubAnswers.nextPage(response).filter(next -> next.startsWith(connection.apiUrl() + "/"))
                    .orElse(null);
        }
        return items;
    }

    private String noDeployment(long deploymentId) {
        return "GitHub has no deployment " + deploymentId + " in " + connection.repo()
                + ", or Slipway's GitHub identity cannot see " + connection.repo();
    }

    private static String clip(String description) {
        if (description.length() <= MAX_DESCRIPTION) {
            return description;
        }
        int end = MAX_DESCRIPTION - 1;
        if (Character.isHighSurrogate(description.charAt(end - 1))) {
            end--;
        }
        return description.substring(0, end) + "…";
    }

    private Request get(String url) {
        return new Request(url, null);
    }

    private Request post(String url, JsonNode body) {
        try {
            return new Request(url, GitHubAnswers.JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request as JSON", e);
        }
    }

    private HttpResponse<String> send(Request request, String doing, String notFound, boolean creating)
            throws BackendException {
        return check(exchange(request, doing, creating), doing, notFound, creating);
    }

    private HttpResponse<String> check(HttpResponse<String> response, String doing, String notFound, boolean creating)
            throws BackendException {
        if (response.statusCode() / 100 == 2) {
            return response;
        }
        throw answers.failure(response, doing, notFound, creating);
    }

    /** Sends the request and returns whatever GitHub answered; only a missing answer is an exception here. */
    private HttpResponse<String> exchange(Request request, String doing, boolean creating) throws BackendException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url())).timeout(timeout)
                .header("Accept", "application/vnd.github+json").header("X-GitHub-Api-Version", API_VERSION)
                .header("Authorization", credentials.authorization(creating));
        if (request.body() == null) {
            builder.GET();
        } else {
            builder.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw answers.unanswered(e, doing, timeout, creating);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientBackendException("interrupted while trying to " + doing + " in "
                    + connection.repo() + "; will retry", e);
        }
    }
}
