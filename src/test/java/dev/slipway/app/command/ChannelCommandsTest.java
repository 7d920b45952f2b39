package dev.slipway.app.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.app.Catalog;
import dev.slipway.app.ChannelService;
import dev.slipway.app.DeployService;
import dev.slipway.app.LockService;
import dev.slipway.app.PeopleService;
import dev.slipway.app.StatusService;
import dev.slipway.app.Transitions;
import dev.slipway.backend.Repositories.RemoteDeployment;
import dev.slipway.chat.Choice;
import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.ChannelBinding;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.Environment;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Policy;
import dev.slipway.domain.Project;
import dev.slipway.domain.Projects;
import dev.slipway.domain.RefPattern;
import dev.slipway.domain.rule.Rules;
import dev.slipway.store.Store;
import dev.slipway.store.sqlite.SqliteStore;
import dev.slipway.testing.FakeRepositories;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channel and people commands ({@code setup}, {@code reset}, {@code config}, {@code hello}, {@code goodbye}) and
 * what a bound channel changes for {@code deploy}, {@code release} and {@code list}, through the parser and the
 * dispatcher on a real SQLite file, with the code host faked.
 */
class ChannelCommandsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Environment STAGING = new Environment("staging", Policy.open(), "script", "main");
    private static final Environment PRODUCTION = new Environment("production",
            new Policy(List.of(new RefPattern("main"), new RefPattern("release/*")), List.of("owners"), "main",
                    new Policy.Approvals(2, List.of("qa"))), "github", null);
    private static final Project API = project("api", null, "acme/api");
    private static final Project WEB = project("web", "CWEB", "acme/web");
    private static final Project OTHER = project("other", null, "acme/other");
    private static final Project TOOLS = project("tools", null, null);

    @TempDir
    Path dir;
    private Store store;
    private final FakeRepositories github = new FakeRepositories()
            .repository("api", "acme/api", true).collaborators("api", List.of("octocat", "hubot", "monalisa"))
            .repository("web", "acme/web", true).collaborators("web", List.of("octocat"))
            .repository("other", "acme/other", true);
    private final CommandParser parser = new CommandParser();
    private CommandDispatcher dispatcher;
    private PeopleService people;

    private static Project project(String id, String channel, String repository) {
        Map<String, Environment> environments = new LinkedHashMap<>();
        environments.put("staging", STAGING);
        environments.put("production", PRODUCTION);
        return new Project(id, id, List.of("alice"), List.of("bob"), channel, "staging", environments, null, null,
                null, null, repository);
    }

    @BeforeEach
    void open() {
        store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("s.db"), 8);
        dispatcher = dispatcher(new ChannelService.HookSetup("https://slipway.example.com/", false, Set.of("web"), false));
    }

    private CommandDispatcher dispatcher(ChannelService.HookSetup hooks) {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        Projects projects = new Projects(List.of(API, WEB, OTHER, TOOLS));
        Catalog catalog = new Catalog(projects);
        DeployService deployments = new DeployService(store, catalog, Rules.standard(), new Transitions(clock), clock);
        ChannelService channels = new ChannelService(store, catalog, github, hooks, clock);
        people = new PeopleService(store, channels, github, clock);
        return new CommandDispatcher(deployments, new LockService(store, catalog, clock),
                new StatusService(store, catalog, () -> 0L, clock), projects, null, channels, people);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Reply run(String channel, String user, String text) {
        return dispatcher.dispatch(parser.parse(text), new Invocation(user, new ChatOrigin("slack", channel, null), null));
    }

    private Optional<ChannelBinding> binding(String channel) {
        return store.read(tx -> tx.bindings().find(channel));
    }

    private Deployment deployment(Reply reply) {
        assertThat(reply.refusal()).isEmpty();
        return store.read(tx -> tx.deployments().findById(reply.deploymentId().orElseThrow())).orElseThrow();
    }

    // --- setup ----------------------------------------------------------------------------------

    @Test
    void setup_binds_the_channel_to_the_project_of_a_repository_named_in_any_case() {
        Reply reply = run("C1", "U1", "setup ACME/Api");

        assertThat(reply.refusal()).isEmpty();
        assertThat(reply.text()).contains("Bound this channel to api: acme/api (https://github.com/acme/api),"
                + " default branch main. Slipway can create deployments there.").contains("`hello`");
        assertThat(binding("C1")).contains(new ChannelBinding("C1", "api", "acme/api", "U1", T0));
        List<AuditEvent> audit = store.read(tx -> tx.audit().listRecent("api", 5));
        assertThat(audit).extracting(AuditEvent::action, AuditEvent::actor)
                .contains(org.assertj.core.groups.Tuple.tuple("channel.setup", "U1"));
    }

    @Test
    void setup_of_an_unknown_repository_names_the_configured_ones_and_stores_nothing() {
        Reply reply = run("C1", "U1", "setup acme/nothing");

        assertThat(reply.refusal()).contains(ErrorCode.UNKNOWN_REPOSITORY);
        assertThat(reply.text()).contains("acme/nothing", "acme/api (api)", "acme/web (web)", "acme/other (other)");
        assertThat(binding("C1")).isEmpty();
    }

    @Test
    void the_configured_channel_wins_and_setup_stores_nothing() {
        Reply reply = run("C1", "U1", "setup acme/web");

        assertThat(reply.refusal()).isEmpty();
        assertThat(reply.text()).isEqualTo("<#CWEB> is bound to web by the configuration (channel CWEB); setup changes nothing.");
        assertThat(run("CWEB", "U1", "setup acme/api").text())
                .isEqualTo("<#CWEB> is bound to web by the configuration (channel CWEB); setup changes nothing.");
        assertThat(binding("C1")).isEmpty();
        assertThat(binding("CWEB")).isEmpty();
        assertThat(github.checks()).isZero();
    }

    @Test
    void a_failed_repository_check_is_refused_with_its_message_and_stores_nothing() {
        github.failing("api", "GitHub refused the token for acme/api (401)");

        Reply reply = run("C1", "U1", "setup acme/api");

        assertThat(reply.refusal()).contains(ErrorCode.CODE_HOST_FAILED);
        assertThat(reply.text()).contains("GitHub refused the token for acme/api (401)");
        assertThat(binding("C1")).isEmpty();
    }

    @Test
    void setup_of_a_project_without_a_connection_is_refused() {
        Reply reply = run("C1", "U1", "setup acme/api");
        assertThat(reply.refusal()).isEmpty();

        FakeRepositories unconnected = new FakeRepositories();
        ChannelService channels = new ChannelService(store, new Catalog(new Projects(List.of(API))), unconnected,
                new ChannelService.HookSetup(null, false, Set.of(), false), Clock.systemUTC());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> channels.setup("C2", "U1", "acme/api"))
                .hasMessageContaining("has no GitHub connection");
        assertThat(binding("C2")).isEmpty();
    }

    @Test
    void setup_says_when_slipway_cannot_deploy_to_the_repository() {
        github.repository("api", "acme/api", false);

        Reply reply = run("C1", "U1", "setup acme/api");

        assertThat(reply.text()).contains("Slipway cannot create deployments there");
        assertThat(binding("C1")).isPresent();
    }

    @Test
    void a_new_setup_of_the_channel_replaces_the_old_binding() {
        run("C1", "U1", "setup acme/api");

        Reply reply = run("C1", "U2", "setup acme/other");

        assertThat(reply.text()).contains("Bound this channel to other", "It was bound to api (acme/api) before.");
        assertThat(binding("C1")).contains(new ChannelBinding("C1", "other", "acme/other", "U2", T0));
    }

    // --- reset ----------------------------------------------------------------------------------

    @Test
    void reset_forgets_the_binding_but_not_the_people() {
        run("C1", "U1", "setup acme/api");
        run("C1", "U1", "hello octocat");

        Reply reply = run("C1", "U2", "reset");

        assertThat(reply.text()).isEqualTo("Forgot this channel's binding to api (acme/api), made by <@U1> at "
                + T0 + ". Linked GitHub logins stay.");
        assertThat(binding("C1")).isEmpty();
        assertThat(people.loginOf("U1")).contains("octocat");
        assertThat(run("C1", "U2", "reset").text()).contains("nothing to forget");
    }

    @Test
    void reset_of_a_configured_channel_says_the_configuration_binds_it() {
        assertThat(run("CWEB", "U1", "reset").text())
                .isEqualTo("<#CWEB> is bound to web by the configuration (channel CWEB); reset changes nothing.");
    }

    // --- config ---------------------------------------------------------------------------------

    @Test
    void config_shows_the_binding_the_policies_and_the_hooks_without_secrets() {
        run("C1", "U1", "setup acme/api");

        String text = run("C1", "U2", "config").text();

        assertThat(text).contains("This channel: acme/api → project api, bound by <@U1> at " + T0 + ".")
                .contains("\n  staging — backend script; deployers: anyone; refs: any; approvals: none")
                .contains("\n  production — backend github; deployers: owners; refs: main, release/*; approvals: 2 from qa")
                .contains("https://slipway.example.com/hooks/github, content type application/json,"
                        + " events \"Deployments\" and \"Deployment statuses\", secret: not set — configure"
                        + " hooks.githubSecret or github.webhookSecret")
                .contains("https://slipway.example.com/hooks/circleci, events workflow-completed and job-completed,"
                        + " secret: not set — configure hooks.circleciSecret");
    }

    @Test
    void config_says_which_secrets_are_set() {
        dispatcher = dispatcher(new ChannelService.HookSetup("https://slipway.example.com", true, Set.of(), true));
        run("C1", "U1", "setup acme/api");

        String text = run("C1", "U2", "config").text();

        assertThat(text).contains("Deployment statuses\", secret: set\n")
                .contains("job-completed, secret: set").doesNotContain("not set");
        // A project's own webhook secret counts for its repository.
        assertThat(run("CWEB", "U2", "config").text()).contains("acme/web → project web, bound by the configuration"
                + " (channel CWEB).");
    }

    @Test
    void config_in_an_unbound_channel_says_how_to_bind_it() {
        Reply reply = run("C1", "U1", "config");

        assertThat(reply.refusal()).contains(ErrorCode.CHANNEL_NOT_BOUND);
        assertThat(reply.text()).contains("`setup <owner>/<repo>`", "acme/api (api)");
    }

    // --- hello and goodbye ----------------------------------------------------------------------

    @Test
    void hello_lists_the_collaborators_not_linked_yet_as_buttons() {
        run("C1", "U1", "setup acme/api");
        run("C1", "U9", "hello hubot");

        Reply reply = run("C1", "U1", "hello");

        assertThat(reply.text()).contains("2 collaborators of acme/api not linked yet");
        assertThat(reply.choices()).containsExactly(new Choice("hello", "octocat", "octocat"),
                new Choice("hello", "monalisa", "monalisa"));
    }

    @Test
    void hello_with_more_collaborators_than_a_reply_shows_says_how_many_more_and_how_to_claim_them() {
        List<String> many = IntStream.range(0, 1300).mapToObj(i -> "dev" + i).toList();
        github.collaborators("api", many);
        run("C1", "U1", "setup acme/api");

        Reply reply = run("C1", "U1", "hello");

        assertThat(reply.choices()).hasSize(Choice.MOST_PER_REPLY);
        assertThat(reply.choices().get(0)).isEqualTo(new Choice("hello", "dev0", "dev0"));
        assertThat(reply.text()).contains("1300 collaborators", "100 more are not shown: `hello <login>` claims any login.");
        assertThat(run("C1", "U1", "hello dev1299").text()).contains("linked to the GitHub login dev1299");
    }

    @Test
    void hello_when_everyone_is_linked_says_so() {
        run("CWEB", "U1", "hello octocat");

        Reply reply = run("CWEB", "U1", "hello");

        assertThat(reply.choices()).isEmpty();
        assertThat(reply.text()).contains("You are linked as octocat", "Every collaborator of acme/web is linked already.");
    }

    @Test
    void claiming_a_login_links_it_as_github_spells_it() {
        github.collaborators("api", List.of("OctoCat"));
        run("C1", "U1", "setup acme/api");

        Reply reply = run("C1", "U1", "hello octocat");

        assertThat(reply.text()).isEqualTo("Hello, OctoCat! You (<@U1>) are linked to the GitHub login OctoCat;"
                + " `goodbye` undoes it.");
        assertThat(people.loginOf("U1")).contains("OctoCat");
        assertThat(people.chatUsersOf(List.of("OCTOCAT", "hubot"))).isEqualTo(Map.of("OCTOCAT", "U1"));
        assertThat(run("C1", "U1", "hello OCTOCAT").text()).isEqualTo("You are linked as OctoCat already.");
    }

    @Test
    void a_login_someone_holds_is_refused_naming_them() {
        run("C1", "U1", "setup acme/api");
        run("C1", "U1", "hello octocat");

        Reply reply = run("C1", "U2", "hello Octocat");

        assertThat(reply.refusal()).contains(ErrorCode.ALREADY_CLAIMED);
        assertThat(reply.text()).isEqualTo("octocat is claimed by <@U1>; they can free it with `goodbye`.");
        assertThat(people.loginOf("U2")).isEmpty();
    }

    @Test
    void a_second_login_for_the_same_person_is_refused_until_goodbye() {
        run("C1", "U1", "setup acme/api");
        run("C1", "U1", "hello octocat");

        Reply reply = run("C1", "U1", "hello hubot");

        assertThat(reply.refusal()).contains(ErrorCode.ALREADY_CLAIMED);
        assertThat(reply.text()).isEqualTo("You are linked as octocat already; `goodbye` first to claim another login.");
        assertThat(run("C1", "U1", "goodbye").text()).isEqualTo("Goodbye! You are no longer linked to the GitHub login octocat.");
        assertThat(run("C1", "U1", "hello hubot").refusal()).isEmpty();
        assertThat(run("C1", "U2", "hello octocat").refusal()).isEmpty();
    }

    @Test
    void a_login_that_is_not_a_collaborator_is_refused() {
        run("C1", "U1", "setup acme/api");

        Reply reply = run("C1", "U1", "hello mallory");

        assertThat(reply.refusal()).contains(ErrorCode.NOT_PERMITTED);
        assertThat(reply.text()).contains("`mallory` is not a collaborator of acme/api");
        assertThat(people.loginOf("U1")).isEmpty();
    }

    @Test
    void hello_needs_a_bound_channel_and_an_answering_code_host() {
        assertThat(run("C1", "U1", "hello").refusal()).contains(ErrorCode.CHANNEL_NOT_BOUND);
        assertThat(run("C1", "U1", "hello octocat").refusal()).contains(ErrorCode.CHANNEL_NOT_BOUND);

        github.failing("web", "GitHub is down (503)");
        Reply reply = run("CWEB", "U1", "hello");
        assertThat(reply.refusal()).contains(ErrorCode.CODE_HOST_FAILED);
        assertThat(reply.text()).contains("GitHub is down (503)");
    }

    @Test
    void goodbye_without_a_login_says_there_was_none() {
        assertThat(run("C1", "U1", "goodbye").text()).contains("You have no GitHub login linked");
    }

    // --- deploy, release and list in a bound channel --------------------------------------------

    @Test
    void deploy_names_only_the_environment_in_a_bound_channel() {
        run("C1", "U1", "setup acme/api");

        Deployment d = deployment(run("C1", "U1", "deploy staging"));

        assertThat(d.project()).isEqualTo("api");
        assertThat(d.environment()).isEqualTo("staging");
        assertThat(d.ref()).isEqualTo("main");
    }

    @Test
    void deploy_takes_a_ref_after_the_environment_in_a_bound_channel() {
        run("C1", "U1", "setup acme/api");

        Deployment d = deployment(run("C1", "U1", "deploy staging feature/x"));

        assertThat(List.of(d.project(), d.environment(), d.ref())).containsExactly("api", "staging", "feature/x");
    }

    @Test
    void deploy_in_a_configured_channel_needs_no_project_either() {
        Deployment d = deployment(run("CWEB", "U1", "deploy staging"));

        assertThat(d.project()).isEqualTo("web");
    }

    @Test
    void a_project_with_that_environment_wins_the_two_word_deploy() {
        run("C1", "U1", "setup acme/api");

        Deployment d = deployment(run("C1", "U1", "deploy other staging"));

        assertThat(List.of(d.project(), d.environment(), d.ref())).containsExactly("other", "staging", "main");
    }

    @Test
    void the_long_deploy_works_in_any_channel() {
        Deployment d = deployment(run("C9", "U1", "deploy api feature/y to staging"));

        assertThat(List.of(d.project(), d.environment(), d.ref())).containsExactly("api", "staging", "feature/y");
        assertThat(deployment(run("C9", "U2", "deploy other staging")).project()).isEqualTo("other");
    }

    @Test
    void a_two_word_deploy_that_fits_neither_reading_is_refused_helpfully() {
        run("C1", "U1", "setup acme/api");

        Reply here = run("C1", "U1", "deploy qa main");
        assertThat(here.refusal()).contains(ErrorCode.UNKNOWN_ENVIRONMENT);
        assertThat(here.text()).contains("`qa` is neither a project nor an environment of api", "staging, production");

        Reply elsewhere = run("C9", "U1", "deploy qa main");
        assertThat(elsewhere.refusal()).contains(ErrorCode.UNKNOWN_PROJECT);
    }

    @Test
    void deploy_without_a_project_outside_a_bound_channel_is_refused_friendly() {
        Reply reply = run("C9", "U1", "deploy staging");

        assertThat(reply.refusal()).contains(ErrorCode.BAD_ARGUMENTS);
        assertThat(reply.text()).contains("This channel has no project of its own", "`setup <owner>/<repo>`",
                "api, web, other, tools");
        assertThat(run("C9", "U1", "deploy staging main").refusal()).contains(ErrorCode.UNKNOWN_PROJECT);
    }

    @Test
    void release_uses_the_project_a_channel_was_set_up_for() {
        run("C1", "U1", "setup acme/api");

        Deployment d = deployment(run("C1", "U1", "release"));

        assertThat(List.of(d.project(), d.environment())).containsExactly("api", "staging");
        assertThat(run("C9", "U1", "release").refusal()).contains(ErrorCode.BAD_ARGUMENTS);
    }

    @Test
    void list_in_a_bound_channel_shows_the_repositorys_deployments_with_people_as_chat_users() {
        run("C1", "U1", "setup acme/api");
        run("C1", "U1", "hello octocat");
        github.deployments("api", List.of(
                new RemoteDeployment(902, "main", "production", "octocat", T0.plusSeconds(60), "success",
                        "https://circleci.com/gh/acme/api/2", 7L, null),
                new RemoteDeployment(903, "main", "staging", "slipway[bot]", T0.plusSeconds(30), "queued", null, 8L, "U3"),
                new RemoteDeployment(901, "v1.2", "staging", "someone-else", T0, "failure", null, null, null)));

        Reply reply = run("C1", "U2", "list");

        assertThat(reply.text()).isEqualTo(
                "main → production: success by <@U1> at " + T0.plusSeconds(60)
                        + " — https://circleci.com/gh/acme/api/2 (Slipway #7, GitHub 902)\n"
                        + "main → staging: queued by <@U3> at " + T0.plusSeconds(30) + " (Slipway #8, GitHub 903)\n"
                        + "v1.2 → staging: failure by someone-else at " + T0 + " (GitHub 901)");
    }

    @Test
    void list_with_arguments_or_in_an_unbound_channel_is_slipways_own_history() {
        run("C1", "U1", "setup acme/api");
        github.deployments("api", List.of(new RemoteDeployment(1, "main", "staging", "octocat", T0, "success", null, null, null)));
        long id = deployment(run("C1", "U1", "deploy staging")).id();

        assertThat(run("C1", "U1", "list api").text()).startsWith("#" + id + " api main → staging");
        assertThat(run("C9", "U1", "list").text()).startsWith("#" + id + " api main → staging");
        assertThat(run("C1", "U1", "history").text()).startsWith("main → staging: success");
    }

    @Test
    void list_refuses_with_the_code_hosts_message_when_it_fails() {
        run("C1", "U1", "setup acme/api");
        github.failing("api", "GitHub rate limit exceeded");

        Reply reply = run("C1", "U1", "list");

        assertThat(reply.refusal()).contains(ErrorCode.CODE_HOST_FAILED);
        assertThat(reply.text()).contains("GitHub rate limit exceeded");
    }
}
