package dev.slipway.config;

import java.util.List;

/**
 * The whole of slipway.yaml. Absent sections are filled with their defaults by the loader, except
 * {@code slack}, which stays null when Slack is not used.
 */
public record SlipwayConfig(ServerConfig server, DatabaseConfig database, JobsConfig jobs, String dataDir,
                            List<ProjectConfig> projects, SlackConfig slack, HooksConfig hooks) {
}
