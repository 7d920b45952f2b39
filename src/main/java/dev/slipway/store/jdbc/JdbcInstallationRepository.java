package dev.slipway.store.jdbc;

import static dev.slipway.store.jdbc.JdbcColumns.instant;
import static dev.slipway.store.jdbc.JdbcColumns.millis;

import dev.slipway.domain.WorkspaceInstallation;
import dev.slipway.secret.SecretBox;
import dev.slipway.store.InstallationRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Installations in {@code slack_installations}, their tokens sealed; OAuth states in {@code slack_oauth_states}. */
final class JdbcInstallationRepository implements InstallationRepository {
    private static final String TABLE = "slack_installations";
    private static final String BOT_TOKEN = "bot_token";
    private static final String INSTALLER_TOKEN = "installer_token";
    private static final String COLUMNS = "id, enterprise_id, team_id, team_name, enterprise_install, app_id,"
            + " bot_user_id, bot_id, bot_scopes, bot_token, installer_id, installer_scopes, installer_token, installed_at";

    private final Handle handle;
    private final SecretBox box;

    JdbcInstallationRepository(Handle handle, SecretBox box) {
        this.handle = handle;
        this.box = box;
    }

    @Override
    public Optional<WorkspaceInstallation> findById(String id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    @Override
    public List<WorkspaceInstallation> listAll() {
        return handle.createQuery("SELECT " + COLUMNS + " FROM " + TABLE + " ORDER BY id")
                .map((rs, ctx) -> map(rs))
                .list();
    }

    @Override
    public void put(WorkspaceInstallation installation) {
        String id = installation.id();
        handle.createUpdate("DELETE FROM " + TABLE + " WHERE id = :id").bind("id", id).execute();
        handle.createUpdate("INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (:id, :enterpriseId, :teamId,"
                        + " :teamName, :enterpriseInstall, :appId, :botUserId, :botId, :botScopes, :botToken,"
                        + " :installerId, :installerScopes, :installerToken, :installedAt)")
                .bind("id", id)
                .bind("enterpriseId", installation.enterpriseId())
                .bind("teamId", installation.teamId())
                .bind("teamName", installation.teamName())
                .bind("enterpriseInstall", installation.enterpriseInstall())
                .bind("appId", installation.appId())
                .bind("botUserId", installation.botUserId())
                .bind("botId", installation.botId())
                .bind("botScopes", installation.botScopes())
                .bind("botToken", box.seal(installation.botToken(), SealedColumns.BOT_TOKEN.context(id)))
                .bind("installerId", installation.installerId())
                .bind("installerScopes", installation.installerScopes())
                .bind("installerToken", installation.installerToken() == null ? null
                        : box.seal(installation.installerToken(), SealedColumns.INSTALLER_TOKEN.context(id)))
                .bind("installedAt", millis(installation.installedAt()))
                .execute();
    }

    @Override
    public boolean delete(String id) {
        return handle.createUpdate("DELETE FROM " + TABLE + " WHERE id = :id").bind("id", id).execute() > 0;
    }

    @Override
    public void addState(String state, Instant expiresAt) {
        handle.createUpdate("INSERT INTO slack_oauth_states (state, expires_at) VALUES (:state, :expiresAt)")
                .bind("state", state)
                .bind("expiresAt", millis(expiresAt))
                .execute();
    }

    @Override
    public boolean hasState(String state, Instant now) {
        return handle.createQuery("SELECT COUNT(*) FROM slack_oauth_states WHERE state = :state AND expires_at > :now")
                .bind("state", state)
                .bind("now", millis(now))
                .mapTo(Integer.class)
                .one() > 0;
    }

    @Override
    public boolean consumeState(String state, Instant now) {
        boolean live = hasState(state, now);
        int deleted = handle.createUpdate("DELETE FROM slack_oauth_states WHERE state = :state")
                .bind("state", state)
                .execute();
        return live && deleted > 0;
    }

    @Override
    public int deleteExpiredStates(Instant now) {
        return handle.createUpdate("DELETE FROM slack_oauth_states WHERE expires_at <= :now")
                .bind("now", millis(now))
                .execute();
    }

    private WorkspaceInstallation map(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        String installerToken = rs.getString(INSTALLER_TOKEN);
        return new WorkspaceInstallation(rs.getString("enterprise_id"), rs.getString("team_id"),
                rs.getString("team_name"), rs.getBoolean("enterprise_install"), rs.getString("app_id"),
                rs.getString("bot_user_id"), rs.getString("bot_id"), rs.getString("bot_scopes"),
                box.open(rs.getString(BOT_TOKEN), SealedColumns.BOT_TOKEN.context(id)), rs.getString("installer_id"),
                rs.getString("installer_scopes"),
                installerToken == null ? null : box.open(installerToken, SealedColumns.INSTALLER_TOKEN.context(id)),
                instant(rs, "installed_at"));
    }
}
