package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.app.AccessService;
import dev.slipway.domain.WebSession;
import dev.slipway.store.jdbc.JdbcStore;
import dev.slipway.store.sqlite.SqliteStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebLoginCommandTest {
    private static final Pattern LINE =
            Pattern.compile("Sign in as (\\S+) within 10 minutes: (\\S+)/login\\?token=([A-Za-z0-9_-]{43})");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return SlipwayCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private Path config(String server) {
        return CommandConfig.write(dir, url(), server + "\n");
    }

    private String url() {
        return CommandConfig.sqliteUrl(dir);
    }

    private Matcher printed() {
        Matcher line = LINE.matcher(out.toString().strip());
        assertThat(line.matches()).as(out + " " + err).isTrue();
        return line;
    }

    @Test
    void prints_a_one_time_link_the_server_redeems_once() throws Exception {
        Path config = config("server: { publicUrl: \"https://slipway.example.com/\" }");

        assertThat(run("web-login", "--as", "alice", "--config", config.toString())).as(err.toString()).isZero();

        Matcher line = printed();
        assertThat(line.group(1)).isEqualTo("alice");
        assertThat(line.group(2)).isEqualTo("https://slipway.example.com");
        assertThat(out.toString().lines()).hasSize(1);
        // Another process (the server) reads the same SQLite file.
        try (JdbcStore store = SqliteStore.open(url(), 2)) {
            AccessService access = new AccessService(store, Clock.systemUTC());
            Optional<WebSession> session = access.redeemLoginLink(line.group(3));
            assertThat(session).map(WebSession::user).contains("alice");
            assertThat(access.redeemLoginLink(line.group(3))).isEmpty();
        }
    }

    @Test
    void without_a_public_url_the_link_points_at_the_local_port() throws Exception {
        Path config = config("server: { port: 8123, host: 0.0.0.0 }");

        assertThat(run("web-login", "--as", "U0001", "-c", config.toString())).as(err.toString()).isZero();

        assertThat(printed().group(2)).isEqualTo("http://localhost:8123");
    }

    @Test
    void a_named_host_is_kept_and_the_default_port_used() throws Exception {
        Path config = config("server: { host: bot.internal }");

        assertThat(run("web-login", "--as", "alice", "-c", config.toString())).as(err.toString()).isZero();

        assertThat(printed().group(2)).isEqualTo("http://bot.internal:3000");
    }

    @Test
    void refuses_a_person_id_with_control_characters_and_writes_nothing() throws Exception {
        Path config = config("");

        assertThat(run("web-login", "--as", "alice\u0007", "-c", config.toString())).isEqualTo(1);

        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().strip()).startsWith("slipway: A person is named by").contains("control characters");
    }

    @Test
    void asks_for_the_person() throws Exception {
        Path config = config("");

        assertThat(run("web-login", "-c", config.toString())).isEqualTo(2);

        assertThat(err.toString()).contains("--as");
    }
}
