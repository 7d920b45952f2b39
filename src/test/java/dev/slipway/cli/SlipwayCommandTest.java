package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlipwayCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return SlipwayCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void version_names_the_build_and_the_commit_it_was_built_from() throws Exception {
        String head = new String(new ProcessBuilder("git", "rev-parse", "--short=7", "HEAD").start().getInputStream()
                .readAllBytes()).strip();

        assertThat(run("--version")).isZero();

        assertThat(out.toString().strip()).matches("slipway \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit [0-9a-f]{7,} of"
                + " \\d{4}-\\d{2}-\\d{2}(, with uncommitted changes)?\\)");
        assertThat(out.toString()).contains("commit " + head);
    }

    @Test
    void a_build_that_did_not_fill_the_version_in_says_development() throws Exception {
        assertThat(SlipwayCommand.Version.describe(null)).isEqualTo("development");
        assertThat(SlipwayCommand.Version.describe(new java.io.ByteArrayInputStream(
                "version=${project.version}\ncommit=${git.commit.id.abbrev}\n".getBytes()))).isEqualTo("development");
        assertThat(SlipwayCommand.Version.describe(new java.io.ByteArrayInputStream(
                "version=1.2.0\ncommit=${git.commit.id.abbrev}\n".getBytes()))).isEqualTo("1.2.0 (commit unknown)");
    }

    @Test
    void check_config_accepts_the_example_configuration() {
        assertThat(run("check-config", "--config", "examples/slipway.yaml")).isZero();
        assertThat(out.toString()).contains("examples/slipway.yaml is valid: 1 project(s), 3 environment(s).");
    }

    @Test
    void check_config_says_which_way_slack_is_connected_and_what_the_other_way_needs() throws Exception {
        String project = """
                projects:
                  - id: api
                    team: T0001
                    channel: C0001
                    environments:
                      production:
                        backend: { type: script, command: ./deploy.sh }
                """;
        Path single = dir.resolve("single.yaml");
        Files.writeString(single, "slack: { signingSecret: s, botToken: xoxb-1 }\n" + project);
        Path distributed = dir.resolve("distributed.yaml");
        Files.writeString(distributed, "server: { publicUrl: https://slipway.example.com }\n"
                + "slack: { signingSecret: s, clientId: \"1.2\", clientSecret: c }\n" + project);

        assertThat(run("check-config", "--config", single.toString())).isZero();
        assertThat(run("check-config", "--config", distributed.toString())).isZero();
        assertThat(run("check-config", "--config", "examples/slipway.yaml")).isZero();

        assertThat(out.toString()).contains("Slack: one workspace, with its bot token; to let other workspaces install"
                        + " it through OAuth, remove slack.botToken and set slack.clientId, slack.clientSecret and"
                        + " server.publicUrl.",
                "Slack: a distributable app; workspaces install it at https://slipway.example.com/slack/install, each"
                        + " served with its own token. For one workspace only, set slack.botToken instead of clientId"
                        + " and clientSecret.");
    }

    @Test
    void check_config_lists_every_error_with_file_and_line_and_exits_1() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                server:
                  port: lots
                projects:
                  - id: api
                    colour: blue
                    environments:
                      staging:
                        backend: { type: script }
                """);
        assertThat(run("check-config", "--config", file.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains(file + ":2: server.port: expected a number")
                .contains(file + ":5: projects[0].colour: unknown key")
                .contains(file + ":8: projects[0].environments.staging.backend: command is required")
                .contains("3 errors in " + file);
    }

    @Test
    void check_config_reports_refs_that_break_their_grammar_with_file_and_line() throws Exception {
        Path file = dir.resolve("refs.yaml");
        Files.writeString(file, """
                projects:
                  - id: api
                    url: https://api.example.com
                    environments:
                      staging:
                        backend: { type: script, command: ./deploy.sh }
                        defaultRef: "main\\tx"
                        allowedRefs: ["feature/*", "release/~*"]
                      production:
                        backend: { type: gitlab, url: https://gitlab.example.com, projectId: 1, triggerToken: t,
                                   ref: "release..1" }
                      preview:
                        backend: { type: kubernetes, namespace: api }
                        defaultRef: "registry.example.com/api:1.0"
                        allowedRefs: ["registry.example.com/api;*"]
                """);
        assertThat(run("check-config", "--config", file.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains(file + ":7: projects[0].environments.staging.defaultRef: `main\\tx` is not a valid ref:"
                        + " it contains a control character (U+0009)")
                .contains(file + ":8: projects[0].environments.staging.allowedRefs[1]: `release/~*` can match no valid"
                        + " ref: every one it matches contains `~`")
                .contains(file + ":10: projects[0].environments.production.backend: ref `release..1` is not a valid"
                        + " ref: it contains `..`")
                .contains(file + ":15: projects[0].environments.preview.allowedRefs[0]: `registry.example.com/api;*`"
                        + " can match no valid image reference: every one it matches contains `;`")
                .contains("4 errors in " + file);
    }

    @Test
    void check_config_names_the_line_of_a_freeze_it_cannot_read() throws Exception {
        Path file = dir.resolve("freeze.yaml");
        Files.writeString(file, """
                projects:
                  - id: api
                    freeze:
                      - { cron: "0 18 * * FRY", duration: 63h }
                    environments:
                      production:
                        backend: { type: script, command: ./deploy.sh }
                        freeze:
                          - from: 2026-12-24
                            until: 2026-12-24
                            timezone: Asia/Tokio
                """);
        assertThat(run("check-config", "--config", file.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains(file + ":4: projects[0].freeze[0].cron: \"0 18 * * FRY\" is not a cron expression (minute"
                        + " hour day-of-month month day-of-week): ")
                .contains(file + ":11: projects[0].environments.production.freeze[0].timezone: \"Asia/Tokio\" is not"
                        + " a time zone")
                .contains("2 errors in " + file);
    }

    @Test
    void a_missing_config_file_is_an_error() {
        assertThat(run("check-config", "--config", dir.resolve("nope.yaml").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("nope.yaml");
    }

    @Test
    void usage_errors_exit_2_and_help_exits_0() {
        assertThat(run("console", "--config", "examples/slipway.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("--as");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
        assertThat(run("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--config");
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("serve", "console", "check-config");
    }
}
