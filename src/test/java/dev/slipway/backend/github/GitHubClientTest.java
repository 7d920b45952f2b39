package dev.slipway.backend.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.TransientBackendException;
import dev.slipway.testing.FakeGitHub;
import dev.slipway.testing.FakeGitHub.Outcome;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHDeployment;
import org.kohsuke.github.GHDeploymentState;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.extras.HttpClientGitHubConnector;
import org.kohsuke.github.extras.authorization.JWTTokenProvider;

class GitHubClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, Object> PAYLOAD = Map.of("slack", Map.of("team_id", "T0001",
            "channel", "C0001", "thread_ts", "1717171600.000100"), "requested_by", "U0001");

    /** The request body of the 201 case of github-rest-create-deployment.json. */
    private static final String CREATE_DEPLOYMENT_FIXTURE = """
            {"ref": "v2.14.0", "task": "deploy", "auto_merge": false, "required_contexts": [],
             "payload": {"slack": {"team_id": "T0001", "channel": "C0001", "thread_ts": "1717171600.000100"},
                         "requested_by": "U0001"},
             "environment": "production", "description": "Deploy requested from Slack by alice",
             "production_environment": true}
            """;

    private final List<FakeGitHub> fakes = new ArrayList<>();

    @AfterEach
    void close() {
        fakes.forEach(FakeGitHub::close);
    }

    // ---- authentication and endpoints

    @Test
    void reads_the_repository_with_a_token_sending_githubs_headers_on_every_request() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder());

        RepositoryAccess access = tokenClient(github).repository();

        assertThat(access.fullName()).isEqualTo(FakeGitHub.REPO);
        assertThat(access.defaultBranch()).isEqualTo("main");
        assertThat(access.htmlUrl()).endsWith("/acme-corp/web-api");
        assertThat(access.canDeploy()).isTrue();
        assertThat(github.requests()).allSatisfy(request -> {
            assertThat(request.header("Accept")).isEqualTo("application/vnd.github+json");
            assertThat(request.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        });
    }

    @Test
    void a_token_with_only_read_access_cannot_deploy() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder().permission("pull"));

        assertThat(tokenClient(github).repository().canDeploy()).isFalse();
    }

    @Test
    void acts_as_a_github_app_with_the_pkcs1_key_github_hands_out() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder().app(FakeGitHub.APP_ID, FakeGitHub.INSTALLATION_ID));
        GitHubClient client = appClient(github, github.appPrivateKeyPem(), null);

        RepositoryAccess access = client.repository();
        CreateAnswer answer = client.createDeployment(deployment("v2.14.0", null));

        assertThat(access.canDeploy()).isTrue();
        assertThat(github.requests("GET", "/repos/acme-corp/web-api/installation")).isNotEmpty();
        assertThat(github.requests()).allSatisfy(request -> {
            assertThat(request.header("Accept")).isEqualTo("application/vnd.github+json");
            assertThat(request.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        });
        assertThat(github.installationTokens()).hasSize(1);
        String token = github.installationTokens().iterator().next();
        assertThat(github.requests("POST", "/repos/acme-corp/web-api/deployments")).singleElement()
                .satisfies(request -> assertThat(request.header("Authorization")).isEqualTo("token " + token));
        assertThat(answer).isInstanceOfSatisfying(CreateAnswer.Created.class,
                created -> assertThat(created.deployment().creator()).isEqualTo(FakeGitHub.BOT));
    }

    @Test
    void an_app_with_a_known_installation_and_a_pkcs8_key_needs_no_lookup() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder().app(FakeGitHub.APP_ID, FakeGitHub.INSTALLATION_ID)
                .deploymentsPermission("read"));

        RepositoryAccess access =
                appClient(github, github.appPrivateKeyPkcs8Pem(), FakeGitHub.INSTALLATION_ID).repository();

        assertThat(access.canDeploy()).isFalse();
        assertThat(github.requests("GET", "/repos/acme-corp/web-api/installation")).isEmpty();
        assertThat(github.requests("GET", "/app/installations/" + FakeGitHub.INSTALLATION_ID)).isNotEmpty();
    }

    @Test
    void an_app_key_github_does_not_know_is_refused_in_plain_words() {
        FakeGitHub github = started(FakeGitHub.builder().app(FakeGitHub.APP_ID, FakeGitHub.INSTALLATION_ID));
        String otherKey = FakeGitHub.pkcs1Pem(FakeGitHub.rsaKeyPair().getPrivate());

        assertThatThrownBy(() -> appClient(github, otherKey, null).repository())
                .isInstanceOf(PermanentBackendException.class)
                .hasMessage("GitHub refused the app credentials for acme-corp/web-api (401): check github.app "
                        + "(appId and privateKey)");
    }

    @Test
    void an_app_token_github_does_not_hand_out_in_time_fails_before_anything_is_created() {
        FakeGitHub github = started(FakeGitHub.builder().app(FakeGitHub.APP_ID, FakeGitHub.INSTALLATION_ID));
        GitHubClient client = client(github, new GitHubConnection(FakeGitHub.REPO, github.url(), null,
                new GitHubApp(FakeGitHub.APP_ID, github.appPrivateKeyPem(), null), null), Duration.ofMillis(300));
        github.delayResponses(Duration.ofSeconds(5));

        TransientBackendException late = catchThrowableOfType(
                () -> client.createDeployment(deployment("main", null)), TransientBackendException.class);

        assertThat(late).hasMessageStartingWith("could not get a GitHub App installation token for acme-corp/web-api");
        assertThat(late.nothingStarted()).isTrue();
        assertThat(github.requests("POST", "/repos/acme-corp/web-api/deployments")).isEmpty();
    }

    @Test
    void reaches_github_enterprise_under_api_v3_with_a_token_and_as_an_app() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder().pathPrefix("/api/v3")
                .app(FakeGitHub.APP_ID, FakeGitHub.INSTALLATION_ID));

        assertThat(tokenClient(github, github.url() + "/").repository().fullName()).isEqualTo(FakeGitHub.REPO);
        assertThat(appClient(github, github.appPrivateKeyPem(), null).createDeployment(deployment("main", null)))
                .isInstanceOf(CreateAnswer.Created.class);
        assertThat(github.requests()).allSatisfy(request -> assertThat(request.path()).startsWith("/api/v3/"));
    }

    // ---- hub4j 1.330's defects, and the client that works around them

    @Test
    void hub4j_fails_on_a_202_answer_to_create_deployment_and_the_client_reports_the_merge() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder());
        GHRepository repository = hub4j(github).getRepository(FakeGitHub.REPO);
        github.nextDeployment(Outcome.MERGING);

        assertThatThrownBy(() -> repository.createDeployment("feature/login").autoMerge(true).create())
                .isInstanceOf(NullPointerException.class);

        github.nextDeployment(Outcome.MERGING);
        CreateAnswer answer = tokenClient(github).createDeployment(deployment("feature/login", null));
        assertThat(answer).isEqualTo(new CreateAnswer.Merging(
                "GitHub is merging main into feature/login first; no deployment was created yet"));
        assertThat(github.deployments()).isEmpty();
    }

    @Test
    void hub4j_sends_in_progress_with_a_dash_and_the_client_sends_githubs_in_progress() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder());
        long id = github.addDeployment("main", "staging", JSON.createObjectNode()).id();
        GHDeployment hub4jDeployment = hub4j(github).getRepository(FakeGitHub.REPO).getDeployment(id);

        HttpException refused = catchThrowableOfType(
                () -> hub4jDeployment.createStatus(GHDeploymentState.IN_PROGRESS).create(), HttpException.class);
        assertThat(refused.getResponseCode()).isEqualTo(422);
        assertThat(github.requests("POST", "/repos/acme-corp/web-api/deployments/" + id + "/statuses"))
                .singleElement().satisfies(request -> assertThat(request.json().path("state").asText())
                        .isEqualTo("in-progress"));

        tokenClient(github).createStatus(id, "in_progress", "https://ci.example.com/deploys/D0042",
                "Rolling out 1/3 replicas", "https://api.acme.example.com");
        assertThat(github.statuses(id)).singleElement().satisfies(status -> {
            assertThat(status.state()).isEqualTo("in_progress");
            assertThat(status.logUrl()).isEqualTo("https://ci.example.com/deploys/D0042");
            assertThat(status.environmentUrl()).isEqualTo("https://api.acme.example.com");
        });
    }

    @Test
    void hub4j_cannot_read_an_object_payload_as_a_string_and_the_client_reads_it_as_an_object() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder());
        github.addDeployment("v2.14.0", "production", JSON.valueToTree(PAYLOAD));
        GHDeployment hub4jDeployment =
                hub4j(github).getRepository(FakeGitHub.REPO).listDeployments(null, null, null, null).toList().get(0);

        assertThatThrownBy(hub4jDeployment::getPayload).isInstanceOf(ClassCastException.class);

        GitHubDeployment read = tokenClient(github).deployments(null, null, 10).get(0);
        assertThat(read.payload()).isEqualTo(PAYLOAD);
    }

    @Test
    void hub4j_refuses_the_pkcs1_key_github_hands_out_and_the_client_converts_it() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder().app(FakeGitHub.APP_ID, FakeGitHub.INSTALLATION_ID));
        String pkcs1 = github.appPrivateKeyPem();

        assertThatThrownBy(() -> new JWTTokenProvider(Long.toString(FakeGitHub.APP_ID), pkcs1))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("PKCS#8");

        JWTTokenProvider provider =
                new JWTTokenProvider(Long.toString(FakeGitHub.APP_ID), GitHubKeys.privateKey(pkcs1));
        assertThat(provider.getEncodedAuthorization()).startsWith("Bearer ");
        assertThat(GitHubKeys.privateKey(pkcs1).getEncoded())
                .isEqualTo(GitHubKeys.privateKey(github.appPrivateKeyPkcs8Pem()).getEncoded());
    }

    // ---- the wire format

    @Test
    void sends_a_deployment_shaped_like_the_fixture_leaving_out_required_contexts_when_null() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder());
        JsonNode expected = JSON.readTree(CREATE_DEPLOYMENT_FIXTURE);
        GitHubClient client = tokenClient(github);

        CreateAnswer answer = client.createDeployment(new NewDeployment("v2.14.0", "production",
                "Deploy requested from Slack by alice", PAYLOAD, false, List.of(), true, false));
        client.createDeployment(deployment("v2.14.0", null));

        List<FakeGitHub.Request> sent = github.requests("POST", "/repos/acme-corp/web-api/deployments");
        JsonNode first = sent.get(0).json();
        expected.fieldNames().forEachRemaining(field -> assertThat(first.get(field)).as(field)
                .isEqualTo(expected.get(field)));
        assertThat(first.path("transient_environment").asBoolean(true)).isFalse();
        assertThat(sent.get(0).header("Content-Type")).startsWith("application/json");
        assertThat(sent.get(1).json().has("required_contexts")).isFalse();
        assertThat(sent.get(1).json().path("auto_merge").asBoolean()).isTrue();
        assertThat(answer).isInstanceOfSatisfying(CreateAnswer.Created.class, created -> {
            GitHubDeployment deployment = created.deployment();
            assertThat(deployment.id()).isEqualTo(FakeGitHub.FIRST_DEPLOYMENT_ID);
            assertThat(deployment.ref()).isEqualTo("v2.14.0");
            assertThat(deployment.sha()).isEqualTo(FakeGitHub.SHA);
            assertThat(deployment.environment()).isEqualTo("production");
            assertThat(deployment.creator()).isEqualTo(FakeGitHub.USER);
            assertThat(deployment.createdAt()).isNotNull();
            assertThat(deployment.payload()).isEqualTo(PAYLOAD);
            assertThat(deployment.url()).endsWith("/repos/acme-corp/web-api/deployments/900001");
        });
    }

    @Test
    void clips_a_status_description_to_140_characters_and_leaves_out_null_fields() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder());
        long id = github.addDeployment("main", "staging", JSON.createObjectNode()).id();

        tokenClient(github).createStatus(id, "success", null, "x".repeat(200), null);

        JsonNode body = github.requests("POST", "/repos/acme-corp/web-api/deployments/" + id + "/statuses").get(0)
                .json();
        assertThat(body.path("description").asText()).hasSize(140).endsWith("…");
        assertThat(body.has("log_url")).isFalse();
        assertThat(body.has("environment_url")).isFalse();
        assertThatThrownBy(() -> tokenClient(github).createStatus(id, "in-progress", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in_progress");
    }

    @Test
    void reads_the_latest_status_of_a_deployment() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder());
        long id = github.addDeployment("main", "staging", JSON.createObjectNode()).id();
        GitHubClient client = tokenClient(github);

        assertThat(client.latestStatus(id)).isEmpty();
        client.createStatus(id, "in_progress", "https://ci.example.com/1", null, null);
        client.createStatus(id, "success", "https://ci.example.com/2", null, null);

        assertThat(client.latestStatus(id)).get().satisfies(status -> {
            assertThat(status.state()).isEqualTo("success");
            assertThat(status.logUrl()).isEqualTo("https://ci.example.com/2");
            assertThat(status.creator()).isEqualTo(FakeGitHub.USER);
            assertThat(status.createdAt()).isNotNull();
        });
    }

    @Test
    void reads_payloads_held_as_json_strings_and_ignores_ones_that_are_not_objects() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder());
        github.addDeployment("main", "staging", TextNode.valueOf("{\"requested_by\":\"U0001\"}"));
        github.addDeployment("main", "staging", TextNode.valueOf("just text"));

        List<GitHubDeployment> deployments = tokenClient(github).deployments("main", "staging", 10);

        assertThat(deployments).extracting(GitHubDeployment::payload)
                .containsExactly(Map.of(), Map.of("requested_by", "U0001"));
    }

    @Test
    void follows_pages_of_collaborators_and_of_deployments_newest_first_up_to_the_limit() throws Exception {
        List<String> logins = IntStream.range(0, 250).mapToObj(i -> "user" + i).toList();
        FakeGitHub github = started(FakeGitHub.builder().collaborators(logins));
        for (int i = 0; i < 160; i++) {
            github.addDeployment("main", i % 2 == 0 ? "production" : "staging", JSON.createObjectNode());
        }
        GitHubClient client = tokenClient(github);

        assertThat(client.collaborators()).isEqualTo(logins);
        List<GitHubDeployment> newest = client.deployments(null, null, 150);
        assertThat(newest).hasSize(150);
        assertThat(newest.get(0).id()).isEqualTo(FakeGitHub.FIRST_DEPLOYMENT_ID + 159);
        assertThat(newest.get(149).id()).isEqualTo(FakeGitHub.FIRST_DEPLOYMENT_ID + 10);
        assertThat(client.deployments("main", "production", 500)).hasSize(80)
                .allSatisfy(deployment -> assertThat(deployment.environment()).isEqualTo("production"));
        assertThat(github.requests("GET", "/repos/acme-corp/web-api/collaborators")).hasSize(3);
    }

    @Test
    void finds_the_login_of_a_commits_author_when_github_links_one() throws Exception {
        String unlinked = "1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5";
        FakeGitHub github = started(FakeGitHub.builder().commit(unlinked, null));
        GitHubClient client = tokenClient(github);

        assertThat(client.commitAuthor(FakeGitHub.SHA)).contains(FakeGitHub.USER);
        assertThat(client.commitAuthor(unlinked)).isEmpty();
        assertThatThrownBy(() -> client.commitAuthor("0000000000000000000000000000000000000000"))
                .isInstanceOf(PermanentBackendException.class)
                .hasMessage("GitHub has no ref `0000000000000000000000000000000000000000` in acme-corp/web-api");
    }

    // ---- errors in plain words

    @Test
    void a_refused_token_is_named_but_never_shown() {
        FakeGitHub github = started(FakeGitHub.builder());
        GitHubClient client = client(github, new GitHubConnection(FakeGitHub.REPO, github.url(),
                "ghp_WrongToken000000000000000000000000", null, null), TIMEOUT);

        BackendException refused = catchThrowableOfType(client::repository, BackendException.class);

        assertThat(refused).isInstanceOf(PermanentBackendException.class)
                .hasMessage("GitHub refused the token for acme-corp/web-api (401): check github.token");
        assertThat(refused.getMessage()).doesNotContain("ghp_WrongToken");
    }

    @Test
    void explains_each_refusal_of_a_deployment() {
        FakeGitHub github = started(FakeGitHub.builder());
        GitHubClient client = tokenClient(github);

        assertThat(refusal(github, client, Outcome.MERGE_CONFLICT)).isInstanceOf(PermanentBackendException.class)
                .hasMessageStartingWith("GitHub cannot merge main into feature/login (merge conflict)");
        assertThat(refusal(github, client, Outcome.FAILED_CHECKS)).isInstanceOf(PermanentBackendException.class)
                .hasMessage("GitHub refused to deploy feature/login in acme-corp/web-api: required status checks did "
                        + "not pass: ci/build (failure), security/scan (pending)");
        assertThat(refusal(github, client, Outcome.FAILED_CHECKS_WITHOUT_CONTEXTS))
                .isInstanceOf(PermanentBackendException.class)
                .hasMessage("GitHub refused to deploy feature/login in acme-corp/web-api (409): "
                        + "Conflict: Commit status checks failed for feature/login.");
        assertThat(refusal(github, client, Outcome.UNPROCESSABLE)).isInstanceOf(PermanentBackendException.class)
                .hasMessage("GitHub refused `feature/login` in acme-corp/web-api (422): Validation Failed");
        assertThat(refusal(github, client, Outcome.UNAUTHORIZED)).isInstanceOf(PermanentBackendException.class)
                .hasMessage("GitHub refused the token for acme-corp/web-api (401): check github.token");
        assertThat(refusal(github, client, Outcome.FORBIDDEN)).isInstanceOf(PermanentBackendException.class)
                .hasMessageContaining("(403)").hasMessageContaining("Resource not accessible by integration");
        assertThat(refusal(github, client, Outcome.NOT_FOUND)).isInstanceOf(PermanentBackendException.class)
                .hasMessage("no repository acme-corp/web-api, or Slipway's GitHub identity cannot see it");
        assertThat(github.deployments()).isEmpty();
        for (Outcome outcome : Outcome.values()) {
            if (outcome != Outcome.MERGING && outcome.ordinal() <= Outcome.RATE_LIMITED.ordinal()) {
                assertThat(refusal(github, client, outcome).getMessage()).doesNotContain(FakeGitHub.TOKEN)
                        .contains("acme-corp/web-api");
            }
        }
        assertThatThrownBy(() -> client.createDeployment(deployment("no-such-branch", null)))
                .isInstanceOf(PermanentBackendException.class)
                .hasMessage("GitHub has no ref `no-such-branch` in acme-corp/web-api");
    }

    @Test
    void says_when_a_retry_can_help_and_whether_github_certainly_created_nothing() {
        FakeGitHub github = started(FakeGitHub.builder());
        GitHubClient client = tokenClient(github);

        BackendException rateLimited = refusal(github, client, Outcome.RATE_LIMITED);
        assertThat(rateLimited).isInstanceOf(TransientBackendException.class)
                .hasMessageMatching("GitHub's rate limit is used up until \\d\\d:\\d\\d UTC .*");
        assertThat(((TransientBackendException) rateLimited).nothingStarted()).isTrue();
        BackendException throttled = refusal(github, client, Outcome.TOO_MANY_REQUESTS);
        assertThat(throttled).isInstanceOf(TransientBackendException.class).hasMessageContaining("wait 60 s");
        assertThat(((TransientBackendException) throttled).nothingStarted()).isTrue();
        BackendException unavailable = refusal(github, client, Outcome.UNAVAILABLE);
        assertThat(((TransientBackendException) unavailable).nothingStarted()).isTrue();
        BackendException serverError = refusal(github, client, Outcome.SERVER_ERROR);
        assertThat(serverError).isInstanceOf(TransientBackendException.class).hasMessageContaining("500");
        assertThat(((TransientBackendException) serverError).nothingStarted()).isFalse();
    }

    @Test
    void a_lost_answer_is_transient_but_not_certain_to_have_created_nothing() {
        FakeGitHub github = started(FakeGitHub.builder());
        GitHubClient client = client(github, tokenConnection(github, github.url()), Duration.ofMillis(700));

        BackendException dropped = refusal(github, client, Outcome.DROP_AFTER_CREATE);
        BackendException hung = refusal(github, client, Outcome.CREATE_THEN_HANG);

        assertThat(dropped).isInstanceOf(TransientBackendException.class)
                .hasMessageContaining("a deployment may have been created");
        assertThat(((TransientBackendException) dropped).nothingStarted()).isFalse();
        assertThat(hung).isInstanceOf(TransientBackendException.class).hasMessageContaining("did not answer within");
        assertThat(((TransientBackendException) hung).nothingStarted()).isFalse();
        assertThat(github.deployments()).hasSize(2);
    }

    @Test
    void a_slow_answer_within_the_timeout_is_an_answer() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder());
        github.slowness(Duration.ofMillis(300));
        github.nextDeployment(Outcome.SLOW);

        assertThat(tokenClient(github).createDeployment(deployment("main", null)))
                .isInstanceOf(CreateAnswer.Created.class);
    }

    @Test
    void a_connection_never_made_certainly_created_nothing() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        GitHubClient client = new GitHubClient(new GitHubConnection(FakeGitHub.REPO,
                "http://127.0.0.1:" + closedPort, FakeGitHub.TOKEN, null, null), HTTP, TIMEOUT);

        TransientBackendException refused = catchThrowableOfType(
                () -> client.createDeployment(deployment("main", null)), TransientBackendException.class);

        assertThat(refused.nothingStarted()).isTrue();
        assertThat(refused).hasMessageStartingWith("could not connect to GitHub to create a deployment of main");
    }

    @Test
    void a_deployment_github_does_not_have_is_named() {
        FakeGitHub github = started(FakeGitHub.builder());

        assertThatThrownBy(() -> tokenClient(github).latestStatus(42))
                .isInstanceOf(PermanentBackendException.class)
                .hasMessageStartingWith("GitHub has no deployment 42 in acme-corp/web-api");
    }

    // ---- settings

    @Test
    void checks_the_connection_and_never_shows_its_secrets() {
        String pem = FakeGitHub.pkcs1Pem(FakeGitHub.rsaKeyPair().getPrivate());
        GitHubConnection token = new GitHubConnection("acme-corp/web-api", null, "ghp_secret", null, "hook-secret");
        GitHubConnection app = new GitHubConnection("acme-corp/web-api", "https://ghe.example.com/api/v3/", null,
                new GitHubApp(4001, pem, null), null);

        assertThat(token.apiUrl()).isEqualTo("https://api.github.com");
        assertThat(app.apiUrl()).isEqualTo("https://ghe.example.com/api/v3");
        assertThat(token.toString()).doesNotContain("ghp_secret").doesNotContain("hook-secret");
        assertThat(app.toString()).doesNotContain("PRIVATE KEY").doesNotContain(pem.substring(40, 80));
        assertThatThrownBy(() -> new GitHubConnection("acme-corp", null, "t", null, null))
                .hasMessageContaining("exactly one slash");
        assertThatThrownBy(() -> new GitHubConnection("acme corp/web-api", null, "t", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GitHubConnection("a/b", "ftp://x", "t", null, null))
                .hasMessageContaining("http");
        assertThatThrownBy(() -> new GitHubConnection("a/b", null, "t", new GitHubApp(1, pem, null), null))
                .hasMessage("give either token or app, not both");
        assertThatThrownBy(() -> new GitHubConnection("a/b", null, null, null, null))
                .hasMessage("give a token or an app");
        assertThatThrownBy(() -> new GitHubApp(1, "not a key", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("not a key");
    }

    // ---- helpers

    private BackendException refusal(FakeGitHub github, GitHubClient client, Outcome outcome) {
        github.nextDeployment(outcome);
        return catchThrowableOfType(() -> client.createDeployment(deployment("feature/login", null)),
                BackendException.class);
    }

    private static NewDeployment deployment(String ref, List<String> requiredContexts) {
        return new NewDeployment(ref, "production", "Deploy " + ref, PAYLOAD, true, requiredContexts, true, false);
    }

    private FakeGitHub started(FakeGitHub.Builder builder) {
        FakeGitHub github = builder.start();
        fakes.add(github);
        return github;
    }

    private static GitHubConnection tokenConnection(FakeGitHub github, String apiUrl) {
        return new GitHubConnection(FakeGitHub.REPO, apiUrl, FakeGitHub.TOKEN, null, null);
    }

    private static GitHubClient tokenClient(FakeGitHub github) {
        return tokenClient(github, github.url());
    }

    private static GitHubClient tokenClient(FakeGitHub github, String apiUrl) {
        return client(github, tokenConnection(github, apiUrl), TIMEOUT);
    }

    private static GitHubClient appClient(FakeGitHub github, String pem, Long installationId) {
        return client(github, new GitHubConnection(FakeGitHub.REPO, github.url(), null,
                new GitHubApp(FakeGitHub.APP_ID, pem, installationId), null), TIMEOUT);
    }

    private static GitHubClient client(FakeGitHub github, GitHubConnection connection, Duration timeout) {
        return new GitHubClient(connection, HTTP, timeout);
    }

    private static GitHub hub4j(FakeGitHub github) throws Exception {
        return new GitHubBuilder().withEndpoint(github.url()).withOAuthToken(FakeGitHub.TOKEN)
                .withConnector(new HttpClientGitHubConnector(HTTP)).build();
    }
}
