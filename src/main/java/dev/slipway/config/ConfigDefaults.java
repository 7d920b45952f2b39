package dev.slipway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills what the file leaves out, so code reading the configuration never meets a null section or list.
 * Null list elements and map values (already reported as errors) are kept in place so later checks name the
 * right index.
 */
final class ConfigDefaults {
    static final int PORT = 3000;
    static final String HOST = "0.0.0.0";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final String DATABASE_URL = "jdbc:sqlite:slipway.db";
    static final int MAX_POOL_SIZE = 10;
    static final int WORKERS = 4;
    static final int MAX_ATTEMPTS = 8;
    static final Duration INITIAL_BACKOFF = Duration.ofSeconds(2);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    static final Duration LEASE = Duration.ofSeconds(60);
    static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    static final String PREVIEW_ENVIRONMENT = "preview";
    static final String PRODUCTION_ENVIRONMENT = "production";
    static final String DATA_DIR = ".slipway";
    static final String SLASH_COMMAND = "/slipway";
    static final String RUNBOOK_COMMAND = "/runbook";
    static final String AZURE_AUTHORITY = "https://login.microsoftonline.com";
    static final String AZURE_MANAGEMENT = "https://management.azure.com";
    static final String AZURE_PORTAL = "https://portal.azure.com";
    static final Duration AZURE_POLL_INTERVAL = Duration.ofSeconds(5);
    static final Duration AZURE_TIMEOUT = Duration.ofHours(1);
    /** The name of the only {@code azure:} account when the file gives it none. */
    static final String AZURE_ACCOUNT = "default";
    /** What a deployment to a busy environment does unless told otherwise: wait its turn. */
    static final String WHEN_BUSY = "queue";
    /** How long a deployment waits for its approvals unless told otherwise. */
    static final Duration APPROVALS_EXPIRE_AFTER = Duration.ofHours(24);
    static final List<String> RELEASE_WORDS = List.of("release", "リリース");
    static final List<String> THANKS_WORDS = List.of("よろ", "thanks");

    private ConfigDefaults() {
    }

    static SlipwayConfig apply(SlipwayConfig config) {
        return new SlipwayConfig(
                server(config.server()),
                database(config.database()),
                jobs(config.jobs()),
                or(config.dataDir(), DATA_DIR),
                projects(config.projects()),
                slack(config.slack()),
                or(config.hooks(), new HooksConfig(null, null)),
                azure(config.azure()),
                runbooks(config.runbooks()),
                secrets(config.secrets()));
    }

    static SecretsConfig secrets(SecretsConfig secrets) {
        return secrets == null ? new SecretsConfig(SecretsConfig.LOCAL, null, null)
                : new SecretsConfig(or(secrets.provider(), SecretsConfig.LOCAL), secrets.masterKeyFile(), secrets.kms());
    }

    private static List<AzureConfig> azure(List<AzureConfig> accounts) {
        List<AzureConfig> filled = new ArrayList<>();
        List<AzureConfig> given = or(accounts, List.<AzureConfig>of());
        for (AzureConfig a : given) {
            filled.add(a == null ? null : new AzureConfig(or(a.name(), given.size() == 1 ? AZURE_ACCOUNT : null),
                    a.tenantId(), a.clientId(), a.clientSecret(), a.subscriptionId(), a.resourceGroup(),
                    a.automationAccount(), or(a.authorityUrl(), AZURE_AUTHORITY), or(a.managementUrl(), AZURE_MANAGEMENT),
                    or(a.portalUrl(), AZURE_PORTAL), or(a.pollInterval(), AZURE_POLL_INTERVAL),
                    or(a.timeout(), AZURE_TIMEOUT)));
        }
        return unmodifiable(filled);
    }

    private static List<RunbookConfig> runbooks(List<RunbookConfig> runbooks) {
        List<RunbookConfig> filled = new ArrayList<>();
        for (RunbookConfig r : or(runbooks, List.<RunbookConfig>of())) {
            filled.add(r == null ? null : new RunbookConfig(r.name(), r.description(), r.account(),
                    parameters(r.parameters()), r.runOn(), r.project(), or(r.deployers(), List.of()),
                    approvals(r.approvals())));
        }
        return unmodifiable(filled);
    }

    private static List<RunbookParameterConfig> parameters(List<RunbookParameterConfig> parameters) {
        List<RunbookParameterConfig> filled = new ArrayList<>();
        for (RunbookParameterConfig p : or(parameters, List.<RunbookParameterConfig>of())) {
            filled.add(p == null ? null : new RunbookParameterConfig(p.name(), or(p.required(), false), p.pattern(),
                    or(p.values(), List.of()), p.defaultValue(), or(p.secret(), false)));
        }
        return unmodifiable(filled);
    }

    private static SlackConfig slack(SlackConfig slack) {
        if (slack == null) {
            return null;
        }
        KeywordsConfig k = or(slack.keywords(), new KeywordsConfig(null, null));
        return new SlackConfig(slack.signingSecret(), slack.botToken(), slack.appToken(), slack.apiUrl(),
                or(slack.command(), SLASH_COMMAND), or(slack.socketMode(), false),
                new KeywordsConfig(or(k.release(), RELEASE_WORDS), or(k.thanks(), THANKS_WORDS)),
                or(slack.runbookCommand(), RUNBOOK_COMMAND), slack.clientId(), slack.clientSecret());
    }

    private static ServerConfig server(ServerConfig server) {
        ServerConfig s = or(server, new ServerConfig(null, null, null, null));
        return new ServerConfig(or(s.port(), PORT), s.publicUrl(), or(s.host(), HOST),
                or(s.requestTimeout(), REQUEST_TIMEOUT), s.metricsToken());
    }

    private static DatabaseConfig database(DatabaseConfig database) {
        DatabaseConfig d = or(database, new DatabaseConfig(null, null, null, null));
        return new DatabaseConfig(or(d.url(), DATABASE_URL), d.username(), d.password(),
                or(d.maxPoolSize(), MAX_POOL_SIZE));
    }

    private static JobsConfig jobs(JobsConfig jobs) {
        JobsConfig j = or(jobs, new JobsConfig(null, null, null, null, null, null));
        return new JobsConfig(or(j.workers(), WORKERS), or(j.maxAttempts(), MAX_ATTEMPTS),
                or(j.initialBackoff(), INITIAL_BACKOFF), or(j.maxBackoff(), MAX_BACKOFF),
                or(j.lease(), LEASE), or(j.pollInterval(), POLL_INTERVAL));
    }

    static final String GITHUB_API = "https://api.github.com";

    private static List<ProjectConfig> projects(List<ProjectConfig> projects) {
        List<ProjectConfig> filled = new ArrayList<>();
        for (ProjectConfig p : or(projects, List.<ProjectConfig>of())) {
            filled.add(p == null ? null : new ProjectConfig(p.id(), p.name(), p.url(), p.channel(),
                    p.defaultEnvironment(), or(p.owners(), List.of()), or(p.qa(), List.of()), p.hookToken(),
                    or(p.previewEnvironment(), PREVIEW_ENVIRONMENT), or(p.productionEnvironment(), PRODUCTION_ENVIRONMENT),
                    environments(p.environments()), github(p.github()), p.team(), or(p.freeze(), List.of())));
        }
        return unmodifiable(filled);
    }

    /** GitHub.com's API unless another base (GitHub Enterprise) is given. */
    private static GitHubConfig github(GitHubConfig github) {
        return github == null ? null : new GitHubConfig(github.repo(), or(github.apiUrl(), GITHUB_API),
                github.token(), github.app(), github.webhookSecret());
    }

    /** A missing {@code environments:} stays null: it is an error, not something to default. */
    private static Map<String, EnvironmentConfig> environments(Map<String, EnvironmentConfig> environments) {
        if (environments == null) {
            return null;
        }
        Map<String, EnvironmentConfig> filled = new LinkedHashMap<>();
        environments.forEach((name, e) -> filled.put(name, e == null ? null
                : new EnvironmentConfig(e.backend(), e.defaultRef(), or(e.allowedRefs(), List.of()),
                        or(e.deployers(), List.of()), approvals(e.approvals()), or(e.whenBusy(), WHEN_BUSY),
                        or(e.confirm(), false), or(e.freeze(), List.of()),
                        new RollbackConfig(e.rollback() == null || e.rollback().lock() == null || e.rollback().lock()),
                        or(e.autoRollback(), false))));
        return Collections.unmodifiableMap(filled);
    }

    private static ApprovalsConfig approvals(ApprovalsConfig approvals) {
        return approvals == null ? null
                : new ApprovalsConfig(or(approvals.required(), 1), or(approvals.from(), List.of("qa")),
                        or(approvals.expiresAfter(), APPROVALS_EXPIRE_AFTER));
    }

    private static <T> List<T> unmodifiable(List<T> list) {
        return Collections.unmodifiableList(list);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
