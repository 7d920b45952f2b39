package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.app.AccessService;
import dev.slipway.store.jdbc.JdbcStore;
import dev.slipway.store.sqlite.SqliteStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenCommandTest {
    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;
    private Path config;

    @BeforeEach
    void writeConfig() throws Exception {
        config = CommandConfig.write(dir, url(), "");
    }

    private String url() {
        return CommandConfig.sqliteUrl(dir);
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] withConfig = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--config", config.toString())).toArray(String[]::new);
        return SlipwayCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), withConfig);
    }

    private Optional<String> apiUser(String secret) {
        try (JdbcStore store = SqliteStore.open(url(), 2)) {
            return new AccessService(store, Clock.systemUTC()).apiUser(secret);
        }
    }

    @Test
    void create_prints_the_secret_once_and_it_acts_as_its_person() {
        assertThat(run("api-token", "create", "--as", "alice", "--name", "ci-board")).as(err.toString()).isZero();

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("Created API token ci-board acting as alice.");
        String secret = lines.get(1);
        assertThat(secret).matches("[A-Za-z0-9_-]{43}");
        assertThat(lines.get(2)).startsWith("Keep this secret now");
        assertThat(apiUser(secret)).contains("alice");

        assertThat(run("api-token", "list")).as(err.toString()).isZero();
        assertThat(out.toString()).doesNotContain(secret);
    }

    @Test
    void list_shows_a_table_of_tokens_without_secrets() {
        assertThat(run("api-token", "list")).isZero();
        assertThat(out.toString().strip()).isEqualTo("No API tokens.");

        run("api-token", "create", "--as", "alice", "--name", "ci");
        String ciSecret = out.toString().lines().toList().get(1);
        run("api-token", "create", "--as", "U0001", "--name", "dashboard");
        String dashboardSecret = out.toString().lines().toList().get(1);
        apiUser(ciSecret);
        run("api-token", "revoke", "--name", "dashboard");

        assertThat(run("api-token", "list")).as(err.toString()).isZero();

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("NAME\\s+USER\\s+CREATED\\s+LAST USED\\s+REVOKED");
        assertThat(lines.get(1)).matches("ci\\s+alice\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\dZ\\s+\\d{4}-\\d\\d-\\d\\d"
                + " \\d\\d:\\d\\dZ\\s+-");
        assertThat(lines.get(2)).matches("dashboard\\s+U0001\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\dZ\\s+-\\s+"
                + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\dZ");
        assertThat(out.toString()).doesNotContain(ciSecret).doesNotContain(dashboardSecret);
    }

    @Test
    void revoke_refuses_the_token_from_then_on() {
        run("api-token", "create", "--as", "alice", "--name", "ci");
        String secret = out.toString().lines().toList().get(1);

        assertThat(run("api-token", "revoke", "--name", "ci")).as(err.toString()).isZero();

        assertThat(out.toString().strip()).isEqualTo("Revoked API token ci.");
        assertThat(apiUser(secret)).isEmpty();
    }

    @Test
    void revoking_no_such_token_fails_with_a_message() {
        assertThat(run("api-token", "revoke", "--name", "nonesuch")).isEqualTo(1);

        assertThat(err.toString().strip()).isEqualTo("slipway: there is no unrevoked API token named nonesuch.");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void create_refuses_a_taken_or_bad_name() {
        run("api-token", "create", "--as", "alice", "--name", "ci");

        assertThat(run("api-token", "create", "--as", "bob", "--name", "ci")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("slipway: There is an API token named ci already.");
        assertThat(out.toString()).isEmpty();

        assertThat(run("api-token", "create", "--as", "bob", "--name", "Not A Name")).isEqualTo(1);
        assertThat(err.toString()).contains("A token's name is");
    }

    @Test
    void says_what_to_do_without_a_subcommand() {
        out = new StringWriter();
        err = new StringWriter();

        assertThat(SlipwayCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), "api-token"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("create, list or revoke");
    }
}
