package dev.slipway.config;

import java.util.List;

/**
 * The whole of slipway.yaml. Absent sections are filled with their defaults by the loader, except
 * {@code slack}, which stays null when Slack is not used.
 *
 * @param azure    the Azure Automation accounts runbooks run in (one, or several with names); empty for none
 * @param runbooks the allow-list of runbooks people may run from chat; empty for none
 * @param secrets  where the master key of secrets at rest is kept
 */
public record SlipwayConfig(ServerConfig server, DatabaseConfig database, JobsConfig jobs, String dataDir,
                            List<ProjectConfig> projects, SlackConfig slack, HooksConfig hooks, List<AzureConfig> azure,
                            List<RunbookConfig> runbooks, SecretsConfig secrets) {

    /** A configuration with the default local master key. */
    public SlipwayConfig(ServerConfig server, DatabaseConfig database, JobsConfig jobs, String dataDir,
                         List<ProjectConfig> projects, SlackConfig slack, HooksConfig hooks, List<AzureConfig> azure,
                         List<RunbookConfig> runbooks) {
        this(server, database, jobs, dataDir, projects, slack, hooks, azure, runbooks,
                new SecretsConfig(SecretsConfig.LOCAL, null, null));
    }

    /** A configuration without runbooks. */
    public SlipwayConfig(ServerConfig server, DatabaseConfig database, JobsConfig jobs, String dataDir,
                         List<ProjectConfig> projects, SlackConfig slack, HooksConfig hooks) {
        this(server, database, jobs, dataDir, projects, slack, hooks, List.of(), List.of());
    }
}
