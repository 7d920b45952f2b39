package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.domain.RefKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    private static final String ONE_PROJECT = """
            projects:
              - id: api
                environments:
                  production:
                    backend: { type: script, command: ./deploy.sh }
            """;

    @TempDir
    Path dir;

    private final Map<String, String> environment = new HashMap<>();

    @Test
    void loads_a_complete_file_into_records() {
        environment.put("DB_PASSWORD", "s3cret");
        environment.put("API_HOOK_TOKEN", "hook-token");

        SlipwayConfig config = load("""
                server:
                  port: 8080
                  publicUrl: https://slipway.example.com
                  requestTimeout: 15s
                database:
                  url: jdbc:postgresql://db:5432/slipway
                  username: slipway
                  password: ${DB_PASSWORD}
                  maxPoolSize: 5
                jobs:
                  workers: 2
                  maxAttempts: 3
                  initialBackoff: 1s
                  maxBackoff: 1m
                  lease: 30s
                  pollInterval: 100ms
                dataDir: /var/lib/slipway
                projects:
                  - id: api
                    name: API service
                    url: https://api.example.com
                    channel: C0123456
                    defaultEnvironment: production
                    owners: [U01]
                    qa: [U02, U03]
                    hookToken: ${API_HOOK_TOKEN}
                    environments:
                      production:
                        backend:
                          type: script
                          command: ./deploy.sh {{ref}} production
                          timeout: 10m
                        defaultRef: master
                        allowedRefs: [master, "release/*"]
                        deployers: [owners, U09]
                      staging:
                        backend:
                          type: git
                          url: "https://git.example.com"
                          projectId: 42
                          ref: main
                          variables: { RELEASE: "true" }
                """);

        assertThat(config.server()).isEqualTo(new ServerConfig(8080, "https://slipway.example.com", "0.0.0.0",
                Duration.ofSeconds(15)));
        assertThat(config.database())
                .isEqualTo(new DatabaseConfig("jdbc:postgresql://db:5432/slipway", "slipway", "s3cret", 5));
        assertThat(config.jobs()).isEqualTo(new JobsConfig(2, 3, Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofSeconds(30), Duration.ofMillis(100)));
        assertThat(config.dataDir()).isEqualTo("/var/lib/slipway");
        assertThat(config.projects()).hasSize(1);
        ProjectConfig api = config.projects().get(0);
        assertThat(api.id()).isEqualTo("api");
        assertThat(api.name()).isEqualTo("API service");
        assertThat(api.url()).isEqualTo("https://api.example.com");
        assertThat(api.channel()).isEqualTo("C0123456");
        assertThat(api.defaultEnvironment()).isEqualTo("production");
        assertThat(api.owners()).containsExactly("U01");
        assertThat(api.qa()).containsExactly("U02", "U03");
        assertThat(api.hookToken()).isEqualTo("hook-token");
        assertThat(api.environments()).containsOnlyKeys("production", "staging");
        assertThat(api.environments().get("production")).isEqualTo(new EnvironmentConfig(
                new BackendConfig("script",
                        new TestScriptSettings("./deploy.sh {{ref}} production", Duration.ofMinutes(10))),
                "master", List.of("master", "release/*"), List.of("owners", "U09"), null));
        assertThat(api.environments().get("staging")).isEqualTo(new EnvironmentConfig(
                new BackendConfig("git",
                        new TestGitSettings("https://git.example.com", 42, "main", Map.of("RELEASE", "true"))),
                null, List.of(), List.of(), null));
    }

    @Test
    void fills_defaults_for_absent_sections_and_keys() {
        SlipwayConfig config = load(ONE_PROJECT);

        assertThat(config.server()).isEqualTo(new ServerConfig(3000, null, "0.0.0.0", Duration.ofSeconds(10)));
        assertThat(config.database()).isEqualTo(new DatabaseConfig("jdbc:sqlite:slipway.db", null, null, 10));
        assertThat(config.jobs()).isEqualTo(new JobsConfig(4, 8, Duration.ofSeconds(2), Duration.ofMinutes(5),
                Duration.ofSeconds(60), Duration.ofMillis(200)));
        assertThat(config.dataDir()).isEqualTo(".slipway");
        ProjectConfig api = config.projects().get(0);
        assertThat(api.owners()).isEmpty();
        assertThat(api.qa()).isEmpty();
        EnvironmentConfig production = api.environments().get("production");
        assertThat(production.allowedRefs()).isEmpty();
        assertThat(production.deployers()).isEmpty();
        assertThat(production.backend().settings()).isEqualTo(new TestScriptSettings("./deploy.sh", null));
    }

    @Test
    void fills_defaults_inside_sections_that_are_present_but_partial_or_empty() {
        SlipwayConfig config = load("""
                server:
                database:
                  username: slipway
                jobs:
                  workers: 9
                """ + ONE_PROJECT);

        assertThat(config.server()).isEqualTo(new ServerConfig(3000, null, "0.0.0.0", Duration.ofSeconds(10)));
        assertThat(config.database()).isEqualTo(new DatabaseConfig("jdbc:sqlite:slipway.db", "slipway", null, 10));
        assertThat(config.jobs().workers()).isEqualTo(9);
        assertThat(config.jobs().maxAttempts()).isEqualTo(8);
    }

    @Test
    void keeps_environments_in_file_order() {
        SlipwayConfig config = load("""
                projects:
                  - id: web
                    environments:
                      zeta: { backend: { type: script, command: a } }
                      alpha: { backend: { type: script, command: b } }
                      mid: { backend: { type: script, command: c } }
                """);

        assertThat(config.projects().get(0).environments().keySet()).containsExactly("zeta", "alpha", "mid");
    }

    @Test
    void expands_yaml_merge_keys_with_the_mapping_own_keys_winning() {
        SlipwayConfig config = load("""
                projects:
                  - id: api
                    environments:
                      staging:
                        backend: &git
                          type: git
                          url: https://git.example.com
                          ref: main
                      production:
                        backend:
                          <<: *git
                          ref: master
                """);

        assertThat(config.projects().get(0).environments().get("production").backend())
                .isEqualTo(new BackendConfig("git",
                        new TestGitSettings("https://git.example.com", null, "master", null)));
    }

    @Test
    void reports_self_referring_aliases_instead_of_looping() {
        assertThat(errors("""
                projects:
                  - id: api
                    owners: &loop [*loop]
                    environments: &env
                      <<: *env
                      production: { backend: { type: script, command: a } }
                """))
                .hasSize(2)
                .allSatisfy(error -> assertThat(error).startsWith(file() + ":"))
                .anySatisfy(error -> assertThat(error)
                        .contains("projects[0].environments.<<: a mapping cannot merge itself"))
                .anySatisfy(error -> assertThat(error).contains("projects[0].owners[0]: expected text"));
    }

    @Test
    void interpolates_several_variables_anywhere_in_a_value_with_defaults_and_literals() {
        environment.put("DB_HOST", "db.internal");
        environment.put("DB_NAME", "slipway");
        environment.put("EMPTY", "");

        SlipwayConfig config = load("""
                server:
                  port: ${PORT:-4000}
                  publicUrl: "https://${HOST:-localhost}/x"
                database:
                  url: jdbc:postgresql://${DB_HOST}:5432/${DB_NAME}?app=slipway
                  username: ${EMPTY:-fallback}
                  password: "$${NOT_A_VARIABLE} and ${EMPTY}."
                """ + ONE_PROJECT);

        assertThat(config.server()).isEqualTo(new ServerConfig(4000, "https://localhost/x", "0.0.0.0",
                Duration.ofSeconds(10)));
        assertThat(config.database().url()).isEqualTo("jdbc:postgresql://db.internal:5432/slipway?app=slipway");
        assertThat(config.database().username()).isEqualTo("fallback");
        assertThat(config.database().password()).isEqualTo("${NOT_A_VARIABLE} and .");
    }

    @Test
    void reports_a_missing_environment_variable_with_its_line_and_path() {
        assertThat(errors("""
                database:
                  url: jdbc:sqlite:x.db
                  password: ${DB_PASSWORD}
                """ + ONE_PROJECT))
                .containsExactly(at(3, "database.password: environment variable DB_PASSWORD is not set"));
    }

    @Test
    void reports_each_missing_variable_of_one_value() {
        assertThat(errors("""
                dataDir: /${A}/${B:-b}/${C}
                """ + ONE_PROJECT))
                .containsExactly(
                        at(1, "dataDir: environment variable A is not set"),
                        at(1, "dataDir: environment variable C is not set"));
    }

    @Test
    void reports_an_unterminated_placeholder() {
        assertThat(errors("""
                dataDir: "${DATA"
                """ + ONE_PROJECT))
                .containsExactly(at(1, "dataDir: unterminated ${ (write $${ for a literal ${)"));
    }

    @Test
    void reports_an_unknown_key_at_depth_with_file_line_and_path() {
        ConfigException e = failure("""
                projects:
                  - id: api
                    environments:
                      production:
                        backend:
                          type: script
                          comand: ./deploy.sh
                          timeout: 5m
                """);

        assertThat(e.errors()).hasSize(1);
        ConfigError error = e.errors().get(0);
        assertThat(error.file()).isEqualTo(file());
        assertThat(error.line()).isEqualTo(7);
        assertThat(error.path()).isEqualTo("projects[0].environments.production.backend.comand");
        assertThat(error).hasToString(file() + ":7: projects[0].environments.production.backend.comand: "
                + "unknown key (expected one of: type, command, timeout)");
    }

    @Test
    void reports_unknown_keys_of_the_config_records_listing_their_components() {
        assertThat(errors("""
                server:
                  prot: 3000
                """ + ONE_PROJECT))
                .containsExactly(at(2,
                        "server.prot: unknown key (expected one of: port, publicUrl, host, requestTimeout, metricsToken)"));
    }

    @Test
    void reports_values_of_the_wrong_type() {
        assertThat(errors("""
                server:
                  port: three thousand
                database: jdbc:sqlite:x.db
                jobs:
                  workers: [1, 2]
                  lease: 5 minutes
                projects:
                  - id: api
                    owners: U01
                    qa: [{ name: x }]
                    environments:
                      production:
                        backend: { type: script, command: ./deploy.sh, timeout: {} }
                """))
                .containsExactly(
                        at(2, "server.port: expected a number"),
                        at(3, "database: expected a mapping"),
                        at(5, "jobs.workers: expected a number"),
                        at(6, "jobs.lease: expected a duration (like 500ms, 30s, 10m, 1h30m or PT10M)"),
                        at(9, "projects[0].owners: expected a list"),
                        at(10, "projects[0].qa[0]: expected text"),
                        at(13, "projects[0].environments.production.backend.timeout: "
                                + "expected a duration (like 500ms, 30s, 10m, 1h30m or PT10M)"));
    }

    @Test
    void reports_a_value_that_is_not_a_boolean() {
        ConfigLoader loader = new ConfigLoader(Map.of("flag", FlagSettings.class), environment::get);

        assertThat(errorsWith(loader, """
                projects:
                  - id: api
                    environments:
                      production:
                        backend: { type: flag, dryRun: maybe }
                """))
                .containsExactly(at(5,
                        "projects[0].environments.production.backend.dryRun: expected a boolean (true or false)"));
    }

    @Test
    void reports_an_unknown_backend_type_listing_the_known_types() {
        assertThat(errors("""
                projects:
                  - id: api
                    environments:
                      production:
                        backend:
                          type: jenkins
                          url: https://ci.example.com
                """))
                .containsExactly(at(6,
                        "projects[0].environments.production.backend.type: unknown backend type \"jenkins\" "
                                + "(known types: git, script)"));
    }

    @Test
    void reports_a_settings_record_refusal_at_the_backend_line() {
        assertThat(errors("""
                projects:
                  - id: api
                    environments:
                      production:
                        backend:
                          type: script
                          timeout: 5m
                """))
                .containsExactly(at(5, "projects[0].environments.production.backend: command is required"));
    }

    @Test
    void does_not_repeat_a_refusal_that_follows_from_an_error_already_reported() {
        assertThat(errors("""
                projects:
                  - id: api
                    environments:
                      production:
                        backend:
                          type: script
                          command: [./deploy.sh]
                """))
                .containsExactly(at(7, "projects[0].environments.production.backend.command: expected text"));
    }

    @Test
    void reports_a_backend_without_a_type() {
        assertThat(errors("""
                projects:
                  - id: api
                    environments:
                      production:
                        backend:
                          command: ./deploy.sh
                """))
                .containsExactly(at(5, "projects[0].environments.production.backend.type: required key is missing"));
    }

    @Test
    void reports_every_error_in_the_file_at_once() {
        ConfigException e = failure("""
                server:
                  port: 70000
                  colour: blue
                jobs:
                  workers: 0
                projects:
                  - id: API
                    environments:
                      production:
                        backend: { type: script }
                  - name: no id
                    environments: {}
                  - id: web
                    defaultEnvironment: prod
                    environments:
                      staging:
                        backend: { type: script, command: "${MISSING}" }
                        deployers: [owners, "U 01"]
                """);

        assertThat(e.errors()).extracting(ConfigError::line)
                .containsExactly(2, 3, 5, 7, 10, 11, 12, 14, 17, 18);
        assertThat(e.errors()).extracting(ConfigError::path).containsExactly(
                "server.port",
                "server.colour",
                "jobs.workers",
                "projects[0].id",
                "projects[0].environments.production.backend",
                "projects[1].id",
                "projects[1].environments",
                "projects[2].defaultEnvironment",
                "projects[2].environments.staging.backend.command",
                "projects[2].environments.staging.deployers[1]");
        assertThat(e.getMessage().lines()).hasSize(10);
    }

    @Test
    void reports_duplicate_project_ids_at_the_second_occurrence() {
        assertThat(errors("""
                projects:
                  - id: api
                    environments:
                      production: { backend: { type: script, command: a } }
                  - id: api
                    environments:
                      production: { backend: { type: script, command: b } }
                """))
                .containsExactly(at(5, "projects[1].id: duplicate project id \"api\" (first at line 2)"));
    }

    @Test
    void reports_a_default_environment_the_project_does_not_have() {
        assertThat(errors("""
                projects:
                  - id: api
                    defaultEnvironment: prod
                    environments:
                      production: { backend: { type: script, command: a } }
                      staging: { backend: { type: script, command: b } }
                """))
                .containsExactly(at(3, "projects[0].defaultEnvironment: "
                        + "\"prod\" is not one of the project's environments (production, staging)"));
    }

    @Test
    void requires_projects_and_their_environments_and_backends() {
        assertThat(errors("server: { port: 1 }\n"))
                .containsExactly(at(1, "projects: at least one project is required"));
        assertThat(errors("""
                projects:
                  - id: api
                  - id: web
                    environments:
                      production:
                        defaultRef: main
                """))
                .containsExactly(
                        at(2, "projects[0].environments: required key is missing"),
                        at(5, "projects[1].environments.production.backend: required key is missing"));
    }

    @Test
    void rejects_ids_and_environment_names_that_are_not_lower_case_names() {
        assertThat(errors("""
                projects:
                  - id: My Project
                    environments:
                      Prod: { backend: { type: script, command: a } }
                      _x: { backend: { type: script, command: a } }
                      prod-2_b: { backend: { type: script, command: a } }
                """))
                .containsExactly(
                        at(2, "projects[0].id: must match [a-z0-9][a-z0-9_-]* (lower-case letters, digits, - and _)"),
                        at(4, "projects[0].environments.Prod: environment name must match [a-z0-9][a-z0-9_-]* "
                                + "(lower-case letters, digits, - and _)"),
                        at(5, "projects[0].environments._x: environment name must match [a-z0-9][a-z0-9_-]* "
                                + "(lower-case letters, digits, - and _)"));
    }

    @Test
    void accepts_groups_and_user_ids_as_deployers_and_nothing_else() {
        assertThat(errors("""
                projects:
                  - id: api
                    environments:
                      production:
                        backend: { type: script, command: a }
                        deployers: [owners, qa, anyone, U0123ABC, "", "two words"]
                """))
                .containsExactly(
                        at(6, "projects[0].environments.production.deployers[4]: "
                                + "expected owners, qa, anyone or a user id without spaces"),
                        at(6, "projects[0].environments.production.deployers[5]: "
                                + "expected owners, qa, anyone or a user id without spaces"));
    }

    @Test
    void checks_the_port_range_and_that_job_numbers_and_the_request_timeout_are_positive() {
        assertThat(load("server: { port: 0 }\n" + ONE_PROJECT).server().port()).isZero();
        assertThat(errors("""
                server: { port: -1, requestTimeout: 0s }
                database: { maxPoolSize: 0 }
                jobs:
                  workers: -2
                  maxAttempts: 0
                  lease: 0s
                  initialBackoff: 10m
                  maxBackoff: 1m
                """ + ONE_PROJECT))
                .containsExactly(
                        at(1, "server.port: must be between 0 and 65535"),
                        at(1, "server.requestTimeout: must be longer than zero"),
                        at(2, "database.maxPoolSize: must be a positive number"),
                        at(4, "jobs.workers: must be a positive number"),
                        at(5, "jobs.maxAttempts: must be a positive number"),
                        at(6, "jobs.lease: must be longer than zero"),
                        at(8, "jobs.maxBackoff: must not be shorter than jobs.initialBackoff"));
    }

    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S",
            "30s, PT30S",
            "10m, PT10M",
            "1h, PT1H",
            "1h30m, PT1H30M",
            "2m15s, PT2M15S",
            "PT10M, PT10M",
            "pt45s, PT45S"
    })
    void reads_durations_in_short_and_iso_forms(String written, String expected) {
        SlipwayConfig config = load("jobs: { lease: " + written + " }\n" + ONE_PROJECT);

        assertThat(config.jobs().lease()).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"30", "10 m", "1m1h", "PT", "ten seconds", "-5s"})
    void rejects_durations_it_cannot_read(String written) {
        assertThat(errors("jobs: { lease: \"" + written + "\" }\n" + ONE_PROJECT))
                .containsExactly(at(1, "jobs.lease: expected a duration (like 500ms, 30s, 10m, 1h30m or PT10M)"));
    }

    @Test
    void reports_duplicate_keys() {
        assertThat(errors("""
                server:
                  port: 1
                  port: 2
                """ + ONE_PROJECT))
                .containsExactly(at(3, "server.port: duplicate key (first at line 2)"));
    }

    @Test
    void reports_a_yaml_syntax_error_with_its_line() {
        ConfigException e = failure("""
                server:
                  port: 3000
                database:
                  url: "jdbc:sqlite:x.db
                projects: []
                """);

        assertThat(e.errors()).hasSize(1);
        assertThat(e.errors().get(0).path()).isEmpty();
        assertThat(e.errors().get(0).line()).isEqualTo(6);
        assertThat(e.errors().get(0).toString()).startsWith(file() + ":6: invalid YAML: ");
    }

    @Test
    void hints_at_quoting_a_placeholder_inside_braces() {
        assertThat(errors("""
                projects:
                  - id: api
                    environments:
                      production:
                        backend: { type: script, command: ${DEPLOY_COMMAND} }
                """))
                .containsExactly(at(5, "invalid YAML: expected ',' or '}', but got { (column 44); "
                        + "inside { } or [ ], put values that use ${...} in quotes"));
    }

    @Test
    void reports_bad_indentation_as_a_yaml_error() {
        ConfigException e = failure("""
                server:
                  port: 3000
                   publicUrl: x
                """);

        assertThat(e.errors()).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(3);
            assertThat(error.message()).startsWith("invalid YAML: ");
        });
    }

    @Test
    void reports_an_empty_file() {
        assertThat(errors("# nothing here yet\n")).containsExactly(file() + ":1: the file is empty");
    }

    @Test
    void reports_a_file_that_is_not_a_mapping() {
        assertThat(errors("- one\n- two\n")).containsExactly(file() + ":1: expected a mapping");
    }

    @Test
    void reports_a_missing_file() {
        Path missing = dir.resolve("nowhere.yaml");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader().load(missing));

        assertThat(e.errors()).containsExactly(new ConfigError(missing, 0, "", "file not found"));
        assertThat(e.errors().get(0)).hasToString(missing + ": file not found");
    }

    @Test
    void a_default_ref_must_follow_the_ref_grammar() {
        assertThat(errors("""
                projects:
                  - id: api
                    environments:
                      staging:
                        backend: { type: script, command: ./deploy.sh }
                        defaultRef: "main branch"
                      production:
                        backend: { type: script, command: ./deploy.sh }
                        defaultRef: "-main"
                """)).containsExactly(
                at(6, "projects[0].environments.staging.defaultRef: `main branch` is not a valid ref:"
                        + " it contains a space"),
                at(9, "projects[0].environments.production.defaultRef: `-main` is not a valid ref:"
                        + " it starts with `-`"));
    }

    @Test
    void every_allowed_ref_pattern_must_be_able_to_match_a_valid_ref() {
        assertThat(errors("""
                projects:
                  - id: api
                    environments:
                      staging:
                        backend: { type: script, command: ./deploy.sh }
                        allowedRefs:
                          - main
                          - "release/*"
                          - "release/ *"
                          - "*.lock"
                          - "registry.example.com/api:*"
                """)).containsExactly(
                at(9, "projects[0].environments.staging.allowedRefs[2]: `release/ *` can match no valid ref:"
                        + " every one it matches contains a space"),
                at(10, "projects[0].environments.staging.allowedRefs[3]: `*.lock` can match no valid ref:"
                        + " every one it matches ends with `.lock`"),
                at(11, "projects[0].environments.staging.allowedRefs[4]: `registry.example.com/api:*` can match no"
                        + " valid ref: every one it matches contains `:`"));
    }

    @Test
    void the_production_environment_may_allow_the_images_of_reviewed_builds() {
        load("""
                projects:
                  - id: api
                    environments:
                      production:
                        backend: { type: script, command: ./deploy.sh }
                        allowedRefs: [main, "registry.example.com/api:*"]
                """);
        assertThat(errors("""
                projects:
                  - id: api
                    environments:
                      production:
                        backend: { type: script, command: ./deploy.sh }
                        allowedRefs: ["registry.example.com/api:$*"]
                """)).containsExactly(at(6, "projects[0].environments.production.allowedRefs[0]:"
                + " `registry.example.com/api:$*` can match no valid ref (every one it matches contains `:`)"
                + " nor image reference (every one it matches contains `$`)"));
    }

    @Test
    void refs_of_an_environment_whose_backend_deploys_images_follow_the_image_grammar() {
        ConfigLoader loader = new ConfigLoader(Map.of("script", TestScriptSettings.class, "kubernetes",
                NamespaceSettings.class), Map.of("kubernetes", RefKind.IMAGE), environment::get);
        String yaml = """
                projects:
                  - id: shop
                    url: https://shop.example.com
                    environments:
                      preview:
                        backend: { type: kubernetes, namespace: shop }
                        defaultRef: %s
                        allowedRefs: [%s]
                """;
        loadWith(loader, yaml.formatted("registry.example.com/shop:1.0", "\"registry.example.com/shop:*\""));
        loadWith(loader, yaml.formatted("nginx", "\"registry.example.com/shop@sha256:*\""));
        assertThat(errorsWith(loader, yaml.formatted("Shop:1.0", "\"registry.example.com/shop:{*}\"")))
                .containsExactly(
                        at(7, "projects[0].environments.preview.defaultRef: `Shop:1.0` is not a valid image reference:"
                                + " it is not of the form [registry[:port]/]name[:tag][@digest] (such as"
                                + " registry.example.com/team/app:1.2.3)"),
                        at(8, "projects[0].environments.preview.allowedRefs[0]: `registry.example.com/shop:{*}` can"
                                + " match no valid image reference: every one it matches contains `{`"));
    }

    @Test
    void refuses_settings_types_that_are_not_records() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("bad", String.class), environment::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad");
    }

    @Test
    void a_project_with_a_kubernetes_environment_needs_a_url() {
        assertThat(errorsWith(kubernetesLoader(), """
                projects:
                  - id: shop
                    environments:
                      preview:
                        backend: { type: kubernetes, namespace: shop }
                """))
                .containsExactly(at(2, "projects[0].url: required for a project with a kubernetes environment:"
                        + " its preview and production hosts derive from it"));
    }

    @Test
    void on_slack_a_project_that_takes_builds_needs_a_channel() {
        assertThat(errors("""
                slack: { signingSecret: s, botToken: xoxb-1 }
                projects:
                  - id: shop
                    hookToken: t
                    environments:
                      preview:
                        backend: { type: script, command: ./deploy.sh }
                """))
                .containsExactly(at(3, "projects[0].channel: required for a project that takes builds (hookToken):"
                        + " its previews are reported and its releases announced there"));
    }

    @Test
    void a_project_with_a_kubernetes_environment_and_a_url_loads() {
        SlipwayConfig config = loadWith(kubernetesLoader(), """
                projects:
                  - id: shop
                    url: https://shop.example.com
                    environments:
                      preview:
                        backend: { type: kubernetes, namespace: shop }
                """);

        assertThat(config.projects().get(0).url()).isEqualTo("https://shop.example.com");
        assertThat(config.projects().get(0).environments().get("preview").backend())
                .isEqualTo(new BackendConfig("kubernetes", new NamespaceSettings("shop")));
    }

    @Test
    void a_project_url_must_be_http_or_https_with_a_host() {
        assertThat(errors("""
                projects:
                  - id: api
                    url: ftp://api.example.com
                    environments:
                      production: { backend: { type: script, command: a } }
                """))
                .containsExactly(at(3, "projects[0].url: expected an http(s) URL with a host,"
                        + " such as https://api.example.com"));
        assertThat(errors("""
                projects:
                  - id: api
                    url: api.example.com
                    environments:
                      production: { backend: { type: script, command: a } }
                """))
                .containsExactly(at(3, "projects[0].url: expected an http(s) URL with a host,"
                        + " such as https://api.example.com"));
    }

    @Test
    void required_approvals_must_be_positive() {
        assertThat(errors("""
                projects:
                  - id: api
                    environments:
                      production:
                        backend: { type: script, command: a }
                        approvals: { required: 0 }
                """))
                .containsExactly(at(6, "projects[0].environments.production.approvals.required:"
                        + " must be a positive number"));
    }

    @Test
    void approvals_come_from_qa_owners_or_user_ids_not_anyone() {
        assertThat(errors("""
                projects:
                  - id: api
                    environments:
                      production:
                        backend: { type: script, command: a }
                        approvals:
                          from: [anyone]
                """))
                .containsExactly(at(7, "projects[0].environments.production.approvals.from[0]:"
                        + " expected qa, owners or a user id without spaces"));
    }

    @Test
    void approvals_name_someone_who_may_approve() {
        assertThat(errors("""
                projects:
                  - id: api
                    environments:
                      production:
                        backend: { type: script, command: a }
                        approvals: { required: 1, from: [] }
                """))
                .containsExactly(at(6, "projects[0].environments.production.approvals.from:"
                        + " name who may approve: qa, owners or user ids"));
    }

    @Test
    void reports_preview_and_production_environments_the_project_does_not_have() {
        assertThat(errors("""
                projects:
                  - id: api
                    previewEnvironment: nope
                    productionEnvironment: prod
                    environments:
                      production: { backend: { type: script, command: a } }
                      preview: { backend: { type: script, command: b } }
                """))
                .containsExactly(
                        at(3, "projects[0].previewEnvironment: "
                                + "\"nope\" is not one of the project's environments (production, preview)"),
                        at(4, "projects[0].productionEnvironment: "
                                + "\"prod\" is not one of the project's environments (production, preview)"));
    }

    @Test
    void builds_are_previewed_in_preview_and_promoted_to_production_unless_named() {
        ProjectConfig defaulted = load(ONE_PROJECT).projects().get(0);
        ProjectConfig named = load("""
                projects:
                  - id: api
                    previewEnvironment: review
                    productionEnvironment: live
                    environments:
                      review: { backend: { type: script, command: a } }
                      live: { backend: { type: script, command: b } }
                """).projects().get(0);

        assertThat(defaulted.previewEnvironment()).isEqualTo("preview");
        assertThat(defaulted.productionEnvironment()).isEqualTo("production");
        assertThat(named.previewEnvironment()).isEqualTo("review");
        assertThat(named.productionEnvironment()).isEqualTo("live");
    }

    @Test
    void approvals_default_to_one_from_qa_for_whatever_is_left_out() {
        Map<String, EnvironmentConfig> environments = load("""
                projects:
                  - id: api
                    environments:
                      none: { backend: { type: script, command: a } }
                      count: { backend: { type: script, command: a }, approvals: { required: 2 } }
                      who: { backend: { type: script, command: a }, approvals: { from: [owners, U09] } }
                      both: { backend: { type: script, command: a }, approvals: { required: 3, from: [U01] } }
                """).projects().get(0).environments();

        assertThat(environments.get("none").approvals()).isNull();
        assertThat(environments.get("count").approvals()).isEqualTo(new ApprovalsConfig(2, List.of("qa"), java.time.Duration.ofHours(24)));
        assertThat(environments.get("who").approvals()).isEqualTo(new ApprovalsConfig(1, List.of("owners", "U09"), java.time.Duration.ofHours(24)));
        assertThat(environments.get("both").approvals()).isEqualTo(new ApprovalsConfig(3, List.of("U01"), java.time.Duration.ofHours(24)));
    }

    /** Stands in for the kubernetes backend's settings: the validator knows the type by its name alone. */
    record NamespaceSettings(String namespace) {
    }

    record FlagSettings(boolean dryRun) {
    }

    private ConfigLoader loader() {
        return new ConfigLoader(Map.of("script", TestScriptSettings.class, "git", TestGitSettings.class),
                environment::get);
    }

    @Test
    void slack_is_optional_and_its_defaults_are_filled() {
        assertThat(load(ONE_PROJECT).slack()).isNull();
        assertThat(load(ONE_PROJECT).hooks()).isEqualTo(new HooksConfig(null, null));
        environment.put("SLACK_SIGNING_SECRET", "s3cret");
        SlackConfig slack = load("""
                slack:
                  signingSecret: ${SLACK_SIGNING_SECRET}
                  botToken: xoxb-1
                hooks:
                  notifyToken: n1
                  gitlabToken: g1
                """ + ONE_PROJECT).slack();
        assertThat(slack.signingSecret()).isEqualTo("s3cret");
        assertThat(slack.command()).isEqualTo("/slipway");
        assertThat(slack.socketMode()).isFalse();
        assertThat(slack.keywords().release()).containsExactly("release", "リリース");
        assertThat(slack.keywords().thanks()).containsExactly("よろ", "thanks");
    }

    @Test
    void slack_needs_a_bot_token_and_a_signing_secret_or_for_socket_mode_an_app_token() {
        assertThat(errors("""
                slack:
                  command: slipway
                """ + ONE_PROJECT)).containsExactlyInAnyOrder(
                at(1, "slack.botToken: required: the bot token of the one workspace, or else clientId and clientSecret"
                        + " for workspaces to install the app through OAuth"),
                at(1, "slack.signingSecret: required key is missing"),
                at(2, "slack.command: must start with / (like /slipway)"));
        assertThat(errors("""
                slack:
                  botToken: xoxb-1
                  socketMode: true
                """ + ONE_PROJECT)).containsExactly(at(1, "slack.appToken: required key is missing"));
    }

    @Test
    void a_slack_app_installed_through_oauth_needs_its_secret_a_public_url_and_the_workspace_of_each_channel() {
        assertThat(errors("""
                slack:
                  signingSecret: s
                  clientId: "1000.2000"
                  socketMode: true
                  appToken: xapp-1
                """ + ONE_PROJECT.replace("id: api", "id: api\n    channel: C0001"))).containsExactlyInAnyOrder(
                at(1, "slack.clientSecret: required key is missing"),
                at(1, "server.publicUrl: required when workspaces install the app through OAuth: Slack sends"
                        + " installers back to <publicUrl>/slack/oauth_redirect"),
                at(4, "slack.socketMode: Socket Mode serves one workspace: set slack.botToken, or receive the"
                        + " workspaces' events over HTTP"),
                at(7, "projects[0].team: required when workspaces install the app through OAuth: the workspace"
                        + " (team id, T…) channel C0001 is in"));
    }

    @Test
    void a_freeze_repeats_with_cron_and_duration_or_is_fixed_with_from_and_until_but_not_both() {
        assertThat(errors("""
                projects:
                  - id: api
                    freeze:
                      - reason: nothing said
                      - cron: 0 18 * * FRI
                        duration: 63h
                        from: 2026-12-24
                        until: 2026-12-27
                    environments:
                      production:
                        backend: { type: script, command: a }
                        freeze:
                          - cron: 0 18 * * FRI
                          - until: 2026-12-27
                """)).containsExactly(
                at(4, "projects[0].freeze[0]: give cron and duration (a repeating freeze) or from and until (a fixed"
                        + " one)"),
                at(5, "projects[0].freeze[1]: give cron and duration (a repeating freeze) or from and until (a fixed"
                        + " one), not both"),
                at(13, "projects[0].environments.production.freeze[0].duration: required key is missing"),
                at(14, "projects[0].environments.production.freeze[1].from: required key is missing"));
    }

    @Test
    void names_the_line_of_a_freeze_whose_cron_zone_time_or_duration_cannot_be_read() {
        assertThat(errors("""
                projects:
                  - id: api
                    environments:
                      production:
                        backend: { type: script, command: a }
                        freeze:
                          - cron: 0 18 * * FRY
                            duration: 0s
                            timezone: Europe/Berlln
                          - from: 2026-12-24T18:00
                            until: 2026-13-01
                          - from: 2026-12-24
                            until: 2026-12-24T08:00:00+09:00
                          - from: 24.12.2026
                            until: 2026-12-27
                """)).containsExactly(
                at(7, "projects[0].environments.production.freeze[0].cron: \"0 18 * * FRY\" is not a cron expression"
                        + " (minute hour day-of-month month day-of-week): Invalid chars in expression! Expression: FRY"
                        + " Invalid chars: FRY"),
                at(8, "projects[0].environments.production.freeze[0].duration: must be longer than zero"),
                at(9, "projects[0].environments.production.freeze[0].timezone: \"Europe/Berlln\" is not a time zone:"
                        + " expected a region such as Europe/Berlin, UTC or an offset such as +09:00"),
                at(11, "projects[0].environments.production.freeze[1].until: \"2026-13-01\" is not a date or time"
                        + " (Invalid value for MonthOfYear (valid values 1 - 12): 13): expected ISO-8601 such as"
                        + " 2026-12-24, 2026-12-24T18:00 or 2026-12-24T00:00:00+09:00"),
                at(13, "projects[0].environments.production.freeze[2].until: must be after from (a date alone means the"
                        + " first moment of that day)"),
                at(14, "projects[0].environments.production.freeze[3].from: \"24.12.2026\" is not a date or time:"
                        + " expected ISO-8601 such as 2026-12-24, 2026-12-24T18:00 or 2026-12-24T00:00:00+09:00"));
    }

    @Test
    void loads_repeating_and_fixed_freezes_of_projects_and_environments() {
        SlipwayConfig config = load("""
                projects:
                  - id: api
                    freeze:
                      - { cron: "0 18 * * FRI", duration: 63h, timezone: Europe/Berlin, reason: weekend }
                    environments:
                      production:
                        backend: { type: script, command: a }
                        freeze:
                          - { from: "2026-12-24T00:00:00+09:00", until: 2026-12-27, timezone: Asia/Tokyo }
                      staging:
                        backend: { type: script, command: b }
                """);

        ProjectConfig api = config.projects().get(0);
        assertThat(api.freeze()).containsExactly(new FreezeConfig("0 18 * * FRI", Duration.ofHours(63),
                "Europe/Berlin", null, null, "weekend"));
        assertThat(api.environments().get("production").freeze()).containsExactly(new FreezeConfig(null, null,
                "Asia/Tokyo", "2026-12-24T00:00:00+09:00", "2026-12-27", null));
        assertThat(api.environments().get("staging").freeze()).isEmpty();
    }

    private ConfigLoader kubernetesLoader() {
        return new ConfigLoader(Map.of("script", TestScriptSettings.class, "kubernetes", NamespaceSettings.class),
                environment::get);
    }

    private SlipwayConfig loadWith(ConfigLoader loader, String yaml) {
        try {
            return loader.load(write(yaml));
        } catch (ConfigException e) {
            throw new AssertionError("expected the file to load, got:\n" + e.getMessage(), e);
        }
    }

    private SlipwayConfig load(String yaml) {
        try {
            return loader().load(write(yaml));
        } catch (ConfigException e) {
            throw new AssertionError("expected the file to load, got:\n" + e.getMessage(), e);
        }
    }

    private ConfigException failure(String yaml) {
        Path file = write(yaml);
        return catchThrowableOfType(ConfigException.class, () -> loader().load(file));
    }

    private List<String> errors(String yaml) {
        return errorsWith(loader(), yaml);
    }

    private List<String> errorsWith(ConfigLoader loader, String yaml) {
        Path file = write(yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file));
        assertThat(e).as("a ConfigException").isNotNull();
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    private String at(int line, String pathAndMessage) {
        return file() + ":" + line + ": " + pathAndMessage;
    }

    private Path file() {
        return dir.resolve("slipway.yaml");
    }

    private Path write(String yaml) {
        try {
            return Files.writeString(file(), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
