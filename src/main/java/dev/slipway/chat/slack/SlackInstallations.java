package dev.slipway.chat.slack;

import com.slack.api.bolt.model.Bot;
import com.slack.api.bolt.model.Installer;
import com.slack.api.bolt.model.builtin.DefaultBot;
import com.slack.api.bolt.model.builtin.DefaultInstaller;
import com.slack.api.bolt.service.InstallationService;
import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.WorkspaceInstallation;
import dev.slipway.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bolt's {@link InstallationService} on Slipway's database: the workspaces that installed the app, one row each
 * (tokens sealed at rest by the store), replaced on reinstall and deleted at once on uninstall or revocation.
 * Bolt finds a request's bot token here; the notifier finds the token of a channel's workspace here too.
 */
public final class SlackInstallations implements InstallationService, SlackWorkspaces.Tokens {
    private static final Logger log = LoggerFactory.getLogger(SlackInstallations.class);

    private final Store store;
    private final Clock clock;
    private final Consumer<String> newSecret;

    /**
     * @param newSecret told each token stored or found, so that logs mask it
     */
    public SlackInstallations(Store store, Clock clock, Consumer<String> newSecret) {
        this.store = store;
        this.clock = clock;
        this.newSecret = newSecret;
    }

    /** Stores an installation, replacing the workspace's earlier one. */
    public void save(WorkspaceInstallation installation) {
        newSecret.accept(installation.botToken());
        if (installation.installerToken() != null) {
            newSecret.accept(installation.installerToken());
        }
        store.inTransaction(tx -> {
            tx.installations().put(installation);
            tx.audit().record(new AuditEvent(0, clock.instant(), actor(installation.installerId()), "slack.installed",
                    null, null, null, "in " + installation.id() + " (" + installation.teamName() + "), scopes "
                    + installation.botScopes()));
            return null;
        });
        log.info("installed in {}", installation);
    }

    /** The installation that serves {@code teamId} (of {@code enterpriseId}): the team's own, else its organisation's. */
    public Optional<WorkspaceInstallation> find(String enterpriseId, String teamId) {
        Optional<WorkspaceInstallation> found = store.read(tx -> {
            Optional<WorkspaceInstallation> team = teamId == null ? Optional.empty()
                    : tx.installations().findById(teamId);
            if (team.isPresent() || enterpriseId == null) {
                return team;
            }
            return tx.installations().findById(enterpriseId).filter(WorkspaceInstallation::enterpriseInstall);
        });
        found.ifPresent(installation -> newSecret.accept(installation.botToken()));
        return found;
    }

    public List<WorkspaceInstallation> list() {
        return store.read(tx -> tx.installations().listAll());
    }

    /** Forgets the installation serving the team (or organisation); true when there was one. */
    public boolean uninstall(String enterpriseId, String teamId, String why) {
        Optional<WorkspaceInstallation> installed = find(enterpriseId, teamId);
        if (installed.isEmpty()) {
            return false;
        }
        boolean deleted = store.inTransaction(tx -> {
            tx.audit().record(new AuditEvent(0, clock.instant(), "slack", "slack.uninstalled", null, null, null,
                    why + ": " + installed.get().id() + " (" + installed.get().teamName() + ") and its tokens forgotten"));
            return tx.installations().delete(installed.get().id());
        });
        log.info("{}: forgot the installation in {} and its tokens", why, installed.get().id());
        return deleted;
    }

    /**
     * The team's own installation, else the organisation-wide one when there is exactly one: a channel's address
     * names its team, not the organisation that installed the app for every team in it.
     */
    @Override
    public String botToken(String team) {
        Optional<WorkspaceInstallation> own = find(null, team);
        if (own.isPresent()) {
            return own.get().botToken();
        }
        List<WorkspaceInstallation> orgWide = list().stream().filter(WorkspaceInstallation::enterpriseInstall).toList();
        return orgWide.size() == 1 ? orgWide.get(0).botToken() : null;
    }

    @Override
    public String onlyBotToken() {
        List<WorkspaceInstallation> all = list();
        return all.size() == 1 ? all.get(0).botToken() : null;
    }

    // Bolt's side: what it finds for a request, and the default handlers' saves and deletes.

    @Override
    public boolean isHistoricalDataEnabled() {
        return false;
    }

    @Override
    public void setHistoricalDataEnabled(boolean enabled) {
        if (enabled) {
            throw new IllegalArgumentException("Slipway keeps only the current installation of each workspace");
        }
    }

    @Override
    public void saveInstallerAndBot(Installer installer) {
        save(new WorkspaceInstallation(installer.getEnterpriseId(), installer.getTeamId(),
                installer instanceof DefaultInstaller named ? named.getTeamName() : null,
                Boolean.TRUE.equals(installer.getIsEnterpriseInstall()), installer.getAppId(), installer.getBotUserId(),
                installer.getBotId(), installer.getBotScope(), installer.getBotAccessToken(),
                installer.getInstallerUserId(), installer.getInstallerUserScope(),
                installer.getInstallerUserAccessToken(), installedAt(installer.getInstalledAt())));
    }

    @Override
    public void deleteBot(Bot bot) {
        uninstall(bot.getEnterpriseId(), bot.getTeamId(), "bot token revoked");
    }

    @Override
    public void deleteInstaller(Installer installer) {
        uninstall(installer.getEnterpriseId(), installer.getTeamId(), "installation deleted");
    }

    @Override
    public void deleteAll(String enterpriseId, String teamId) {
        uninstall(enterpriseId, teamId, "app uninstalled");
    }

    @Override
    public Bot findBot(String enterpriseId, String teamId) {
        return find(enterpriseId, teamId).map(SlackInstallations::bot).orElse(null);
    }

    @Override
    public Installer findInstaller(String enterpriseId, String teamId, String userId) {
        return find(enterpriseId, teamId).map(SlackInstallations::installer).orElse(null);
    }

    private static String actor(String user) {
        return user == null ? "slack" : user;
    }

    private Instant installedAt(Long millis) {
        return millis == null ? clock.instant() : Instant.ofEpochMilli(millis);
    }

    private static Bot bot(WorkspaceInstallation installation) {
        DefaultBot bot = new DefaultBot();
        bot.setAppId(installation.appId());
        bot.setEnterpriseId(installation.enterpriseId());
        bot.setTeamId(installation.teamId());
        bot.setIsEnterpriseInstall(installation.enterpriseInstall());
        bot.setBotId(installation.botId());
        bot.setBotUserId(installation.botUserId());
        bot.setBotScope(installation.botScopes());
        bot.setBotAccessToken(installation.botToken());
        bot.setInstalledAt(installation.installedAt().toEpochMilli());
        return bot;
    }

    private static Installer installer(WorkspaceInstallation installation) {
        DefaultInstaller installer = new DefaultInstaller();
        installer.setAppId(installation.appId());
        installer.setEnterpriseId(installation.enterpriseId());
        installer.setTeamId(installation.teamId());
        installer.setTeamName(installation.teamName());
        installer.setIsEnterpriseInstall(installation.enterpriseInstall());
        installer.setBotId(installation.botId());
        installer.setBotUserId(installation.botUserId());
        installer.setBotScope(installation.botScopes());
        installer.setBotAccessToken(installation.botToken());
        installer.setInstallerUserId(installation.installerId());
        installer.setInstallerUserScope(installation.installerScopes());
        installer.setInstallerUserAccessToken(installation.installerToken());
        installer.setInstalledAt(installation.installedAt().toEpochMilli());
        return installer;
    }
}
