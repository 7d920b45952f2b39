package dev.slipway.backend.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.Slipway;
import dev.slipway.backend.circleci.CircleCiSettings;
import dev.slipway.config.BackendConfig;
import dev.slipway.config.ConfigError;
import dev.slipway.config.ConfigException;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.GitHubConfig;
import dev.slipway.config.SlipwayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHubSettingsTest {
    private static final String GITHUB = """
                github:
                  repo: acme-corp/web-api
                  token: ghp_FakeUserToken00000000000000000000001
            """;

    @TempDir
    Path dir;

    // --- the record

    @Test
    void defaults_deploy_the_ref_as_it_is_with_githubs_checks_thirty_second_requests_and_an_hour_for_the_report() {
        GitHubSettings settings = new GitHubSettings(null, null, null, null, null, null);

        assertThat(settings.autoMerge()).isFalse();
        assertThat(settings.requiredContexts()).isNull();
        assertThat(settings.productionEnvironment()).isNull();
        assertThat(settings.transientEnvironment()).isFalse();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.reportTimeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void production_is_the_environment_named_production_unless_the_settings_say() {
        GitHubSettings byName = new GitHubSettings(null, null, null, null, null, null);
        GitHubSettings always = new GitHubSettings(null, null, true, null, null, null);
        GitHubSettings never = new GitHubSettings(null, null, false, null, null, null);

        assertThat(byName.isProduction("production")).isTrue();
        assertThat(byName.isProduction("staging")).isFalse();
        assertThat(byName.isProduction("Production")).isFalse();
        assertThat(always.isProduction("staging")).isTrue();
        assertThat(never.isProduction("production")).isFalse();
    }

    @Test
    void required_contexts_are_kept_in_order_and_cannot_be_changed_and_an_empty_list_stays_empty() {
        List<String> contexts = new ArrayList<>(List.of("security/scan", "ci/build"));

        GitHubSettings settings = new GitHubSettings(null, contexts, null, null, null, null);
        contexts.add("later");

        assertThat(settings.requiredContexts()).containsExactly("security/scan", "ci/build");
        assertThatThrownBy(() -> settings.requiredContexts().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(new GitHubSettings(null, List.of(), null, null, null, null).requiredContexts()).isEmpty();
    }

    @Test
    void a_required_context_must_name_something() {
        assertThatThrownBy(() -> new GitHubSettings(null, List.of("ci/build", " "), null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requiredContexts must name status contexts, such as ci/build");
        assertThatThrownBy(() -> new GitHubSettings(null, Arrays.asList("ci/build", null), null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requiredContexts must name status contexts, such as ci/build");
    }

    @Test
    void timeouts_must_be_positive() {
        assertThatThrownBy(() -> new GitHubSettings(null, null, null, null, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive");
        assertThatThrownBy(() -> new GitHubSettings(null, null, null, null, Duration.ofSeconds(-1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive");
        assertThatThrownBy(() -> new GitHubSettings(null, null, null, null, null, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("reportTimeout must be positive");
        assertThatThrownBy(() -> new GitHubSettings(null, null, null, null, null, Duration.ofMinutes(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("reportTimeout must be positive");
    }

    // --- through the configuration file

    @Test
    void binds_a_github_backend_that_hands_on_to_circleci() throws Exception {
        Path file = write("""
                projects:
                  - id: api
                """ + GITHUB + """
                    environments:
                      production:
                        backend:
                          type: github
                          autoMerge: true
                          requiredContexts: [ci/build, security/scan]
                          productionEnvironment: true
                          transientEnvironment: false
                          timeout: 10s
                          reportTimeout: 45m
                          circleci:
                            projectSlug: gh/acme-corp/web-api
                            token: CCIPAT_FakePersonalApiToken_0001
                            parameters: { github_deployment: "{{providerDeployment}}" }
                """);

        SlipwayConfig config = loader().load(file);

        BackendConfig backend = config.projects().get(0).environments().get("production").backend();
        assertThat(backend).isEqualTo(new BackendConfig("github", new GitHubSettings(true,
                List.of("ci/build", "security/scan"), true, false, Duration.ofSeconds(10), Duration.ofMinutes(45)),
                new BackendConfig("circleci", new CircleCiSettings("gh/acme-corp/web-api",
                        "CCIPAT_FakePersonalApiToken_0001", Map.of("github_deployment", "{{providerDeployment}}")))));
        assertThat(config.projects().get(0).github()).isEqualTo(new GitHubConfig("acme-corp/web-api", "https://api.github.com",
                "ghp_FakeUserToken00000000000000000000001", null, null));
    }

    @Test
    void a_github_backend_alone_binds_with_its_defaults_and_no_next_backend() throws Exception {
        Path file = write("""
                projects:
                  - id: api
                """ + GITHUB + """
                    environments:
                      staging:
                        backend:
                          type: github
                """);

        BackendConfig backend = loader().load(file).projects().get(0).environments().get("staging").backend();

        assertThat(backend).isEqualTo(new BackendConfig("github",
                new GitHubSettings(null, null, null, null, null, null), null));
    }

    @Test
    void a_nested_key_that_is_not_a_backend_it_hands_on_to_is_an_unknown_key() throws Exception {
        Path file = write("""
                projects:
                  - id: api
                """ + GITHUB + """
                    environments:
                      production:
                        backend:
                          type: github
                          gitlab:
                            url: https://gitlab.example.com
                """);

        List<String> errors = errors(file);

        assertThat(errors).singleElement().asString()
                .startsWith(file + ":10: projects[0].environments.production.backend.gitlab: unknown key");
    }

    @Test
    void circleci_under_a_backend_that_hands_nothing_on_is_an_unknown_key() throws Exception {
        Path file = write("""
                projects:
                  - id: api
                    environments:
                      production:
                        backend:
                          type: script
                          command: ./deploy.sh
                          circleci:
                            projectSlug: gh/acme-corp/web-api
                            token: CCIPAT_FakePersonalApiToken_0001
                """);

        List<String> errors = errors(file);

        assertThat(errors).anySatisfy(error -> assertThat(error)
                .startsWith(file + ":8: projects[0].environments.production.backend.circleci: unknown key"));
    }

    @Test
    void a_project_with_a_github_backend_needs_its_github_key() throws Exception {
        Path file = write("""
                projects:
                  - id: api
                    environments:
                      production:
                        backend:
                          type: github
                """);

        List<String> errors = errors(file);

        assertThat(errors).singleElement().asString().contains("projects[0].github: required for a project with a"
                + " github environment");
    }

    @Test
    void github_settings_that_cannot_work_are_reported_at_their_keys() throws Exception {
        Path file = write("""
                projects:
                  - id: api
                    github:
                      repo: acme-corp
                      token: ghp_x
                    environments:
                      production: { backend: { type: github } }
                  - id: web
                    github:
                      repo: acme-corp/web
                      token: ghp_x
                      app: { appId: 4001, privateKey: "-----BEGIN RSA PRIVATE KEY-----\\nx\\n-----END RSA PRIVATE KEY-----" }
                    environments:
                      production: { backend: { type: github } }
                  - id: docs
                    github:
                      repo: acme-corp/docs
                    environments:
                      production: { backend: { type: github } }
                  - id: app
                    github:
                      repo: acme-corp/app
                      app: { appId: 4001 }
                    environments:
                      production: { backend: { type: github } }
                  - id: copy
                    github:
                      repo: Acme-Corp/Web
                      token: ghp_x
                    environments:
                      production: { backend: { type: github } }
                """);

        List<String> errors = errors(file);

        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith(file + ":4: projects[0].github.repo: expected"
                + " owner/name, such as acme/api"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("projects[1].github: give either token or app,"
                + " not both"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("projects[2].github: give a token (token:) or a"
                + " GitHub App (app: { appId, privateKey })"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("projects[3].github.app.privateKey: required:"
                + " the app's private key as GitHub hands it out"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith(file + ":28: projects[4].github.repo: another"
                + " project deploys from Acme-Corp/Web (line 10); a repository belongs to one project"));
        assertThat(errors).noneMatch(e -> e.contains("ghp_x") || e.contains("PRIVATE KEY-----\n"));
    }

    // --- helpers

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("slipway.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static List<String> errors(Path file) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader().load(file));
        assertThat(e).as("the configuration should have been refused").isNotNull();
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    private static ConfigLoader loader() {
        return new ConfigLoader(Slipway.backendSettingsTypes(), Slipway.backendRefKinds(), Slipway.backendChains(),
                name -> null);
    }
}
