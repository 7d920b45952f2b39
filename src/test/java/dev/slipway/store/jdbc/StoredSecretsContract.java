package dev.slipway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.secret.LocalKeyProvider;
import dev.slipway.secret.SecretBox;
import dev.slipway.secret.SecretException;
import dev.slipway.store.Transaction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Secrets the store keeps are sealed at rest, bound to their row, and only open under the master key they were
 * sealed with; {@link JdbcStore#rewrapAll} moves them all to another key. Run against each database.
 */
public abstract class StoredSecretsContract {
    protected static final String SECRET = "hunter2-db-password";
    private static final ChatOrigin ORIGIN = new ChatOrigin("slack", "C042", "1700000000.000100");

    protected final LocalKeyProvider key = LocalKeyProvider.random("SLIPWAY_MASTER_KEY");
    private JdbcStore store;

    /** A store on this test's database (the same one each call), sealing with {@code box}. */
    protected abstract JdbcStore open(SecretBox box);

    /** The JDBC URL of this test's database, for reading it raw. */
    protected abstract String url();

    protected Properties connectionProperties() {
        return new Properties();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    protected JdbcStore store(SecretBox box) {
        if (store != null) {
            store.close();
        }
        store = open(box);
        return store;
    }

    private int runs;

    /** A runbook run (one per environment, as only one may be active there) whose arguments hold a secret. */
    protected long runWithSecretArguments(JdbcStore on) {
        String environment = "runbook:rotate-db" + (runs++ == 0 ? "" : "-" + runs);
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("environment", "production");
        arguments.put("password", SECRET);
        return on.inTransaction(tx -> {
            Deployment d = tx.deployments().insert(Deployment.request("api", environment, "main", "alice", ORIGIN,
                    DeploymentState.REQUESTED, Instant.parse("2026-03-01T10:00:00Z")));
            tx.deployments().recordArguments(d.id(), arguments);
            return d.id();
        });
    }

    protected static Map<String, String> arguments(JdbcStore on, long id) {
        return on.read((Transaction tx) -> tx.deployments().findArguments(id));
    }

    protected String raw(long id) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), connectionProperties());
             PreparedStatement select = c.prepareStatement("SELECT run_arguments FROM deployments WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    protected void writeRaw(long id, String value) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), connectionProperties());
             PreparedStatement update = c.prepareStatement("UPDATE deployments SET run_arguments = ? WHERE id = ?")) {
            update.setString(1, value);
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    @Test
    void a_runs_arguments_are_sealed_at_rest_and_open_through_the_store() throws Exception {
        JdbcStore open = store(new SecretBox(key));
        long id = runWithSecretArguments(open);

        assertThat(raw(id)).startsWith("enc:v1:" + key.keyId() + ":1:").doesNotContain(SECRET)
                .doesNotContain("password");
        assertThat(arguments(open, id)).containsEntry("password", SECRET);
    }

    @Test
    void sealed_arguments_copied_to_another_row_do_not_open_there() throws Exception {
        JdbcStore open = store(new SecretBox(key));
        long first = runWithSecretArguments(open);
        long second = runWithSecretArguments(open);
        writeRaw(second, raw(first));

        assertThatThrownBy(() -> arguments(open, second))
                .isInstanceOf(SecretException.class)
                .hasMessage("cannot decrypt deployments/" + second + "/run_arguments: the value was changed or belongs"
                        + " elsewhere");
    }

    @Test
    void arguments_kept_before_they_were_sealed_still_read() throws Exception {
        JdbcStore open = store(new SecretBox(key));
        long id = runWithSecretArguments(open);
        writeRaw(id, "{\"environment\":\"staging\"}");

        assertThat(arguments(open, id)).containsExactly(Map.entry("environment", "staging"));
    }

    @Test
    void opening_with_another_master_key_fails_in_one_line_naming_both() {
        runWithSecretArguments(store(new SecretBox(key)));
        LocalKeyProvider other = LocalKeyProvider.random("SLIPWAY_MASTER_KEY");

        assertThatThrownBy(() -> store(new SecretBox(other)))
                .isInstanceOf(SecretException.class)
                .hasMessage("the database holds secrets wrapped by key " + key.keyId() + " (table deployments), but the"
                        + " master key given is " + other.keyId() + "; start with the right SLIPWAY_MASTER_KEY or run"
                        + " slipway secrets rotate");
        store = null;
    }

    @Test
    void rewrap_moves_every_stored_secret_to_the_new_key_in_one_go() throws Exception {
        JdbcStore open = store(new SecretBox(key));
        long first = runWithSecretArguments(open);
        long second = runWithSecretArguments(open);
        String before = raw(first);
        LocalKeyProvider newKey = LocalKeyProvider.random("the new key");

        int moved = open.rewrapAll(new SecretBox(newKey), key);
        int again = open.rewrapAll(new SecretBox(newKey), key);
        open.close();
        JdbcStore reopened = store(new SecretBox(newKey));

        assertThat(moved).isEqualTo(2);
        assertThat(again).isZero();
        assertThat(raw(first)).startsWith("enc:v1:" + newKey.keyId() + ":1:")
                .endsWith(before.substring(before.lastIndexOf(':')));
        assertThat(arguments(reopened, first)).containsEntry("password", SECRET);
        assertThat(arguments(reopened, second)).containsEntry("password", SECRET);
        assertThatThrownBy(() -> store(new SecretBox(key))).hasMessageContaining("wrapped by key " + newKey.keyId());
        store = null;
    }

    @Test
    void installation_tokens_are_sealed_at_rest_bound_to_their_row_and_rotated_with_the_rest() throws Exception {
        String token = "xoxb-1000-2000-RawRowCheck0001";
        JdbcStore open = store(new SecretBox(key));
        open.inTransaction(tx -> {
            tx.installations().put(new dev.slipway.domain.WorkspaceInstallation(null, "T0001", "Acme", false, "A1",
                    "U9", null, "chat:write", token, "U1", "chat:write", "xoxp-2000-RawRowInstaller0001",
                    Instant.parse("2026-03-01T10:00:00Z")));
            tx.installations().put(new dev.slipway.domain.WorkspaceInstallation(null, "T0002", "Beta", false, "A1",
                    "U9", null, "chat:write", "xoxb-other-workspace", null, null, null,
                    Instant.parse("2026-03-01T10:00:00Z")));
            return null;
        });
        String sealed = rawInstallation("T0001", "bot_token");
        LocalKeyProvider newKey = LocalKeyProvider.random("the new key");

        assertThat(sealed).startsWith("enc:v1:" + key.keyId() + ":1:").doesNotContain("RawRowCheck");
        assertThat(rawInstallation("T0001", "installer_token")).startsWith("enc:v1:").doesNotContain("RawRowInstaller");
        writeRawInstallation("T0002", "bot_token", sealed);
        assertThatThrownBy(() -> open.read(tx -> tx.installations().findById("T0002")))
                .hasMessageContaining("slack_installations/T0002/bot_token");
        writeRawInstallation("T0002", "bot_token", new SecretBox(key).seal("xoxb-other-workspace",
                SealedColumns.BOT_TOKEN.context("T0002")));
        assertThat(open.rewrapAll(new SecretBox(newKey), key)).isEqualTo(3);
        open.close();
        JdbcStore reopened = store(new SecretBox(newKey));
        assertThat(reopened.read(tx -> tx.installations().findById("T0001")).orElseThrow().botToken()).isEqualTo(token);
    }

    private String rawInstallation(String id, String column) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), connectionProperties());
             PreparedStatement select = c.prepareStatement("SELECT " + column + " FROM slack_installations WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private void writeRawInstallation(String id, String column, String value) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), connectionProperties());
             PreparedStatement update = c.prepareStatement("UPDATE slack_installations SET " + column + " = ? WHERE id = ?")) {
            update.setString(1, value);
            update.setString(2, id);
            update.executeUpdate();
        }
    }
}
