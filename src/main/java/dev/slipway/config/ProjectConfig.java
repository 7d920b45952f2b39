package dev.slipway.config;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code projects:}. {@code environments} keeps the file's order.
 *
 * @param previewEnvironment    where builds posted to {@code /hooks/build-complete} are previewed ({@code preview})
 * @param productionEnvironment where a reviewed build is promoted to ({@code production})
 * @param github                the GitHub repository it deploys from and how Slipway reaches it, or null
 * @param team                  the Slack workspace (team id) its channel is in, when Slipway is installed in several
 * @param freeze                change freezes of every environment of the project
 */
public record ProjectConfig(String id, String name, String url, String channel, String defaultEnvironment,
                            List<String> owners, List<String> qa, String hookToken, String previewEnvironment,
                            String productionEnvironment, Map<String, EnvironmentConfig> environments,
                            GitHubConfig github, String team, List<FreezeConfig> freeze) {

    /** A project without freezes of its own. */
    public ProjectConfig(String id, String name, String url, String channel, String defaultEnvironment,
                         List<String> owners, List<String> qa, String hookToken, String previewEnvironment,
                         String productionEnvironment, Map<String, EnvironmentConfig> environments,
                         GitHubConfig github, String team) {
        this(id, name, url, channel, defaultEnvironment, owners, qa, hookToken, previewEnvironment,
                productionEnvironment, environments, github, team, List.of());
    }

    /** A project in the only workspace there is. */
    public ProjectConfig(String id, String name, String url, String channel, String defaultEnvironment,
                         List<String> owners, List<String> qa, String hookToken, String previewEnvironment,
                         String productionEnvironment, Map<String, EnvironmentConfig> environments,
                         GitHubConfig github) {
        this(id, name, url, channel, defaultEnvironment, owners, qa, hookToken, previewEnvironment,
                productionEnvironment, environments, github, null);
    }

    /** Like the generated one, but without the hook token, so a project can be logged. */
    @Override
    public String toString() {
        return "ProjectConfig[id=" + id + ", name=" + name + ", url=" + url + ", channel=" + channel
                + ", defaultEnvironment=" + defaultEnvironment + ", owners=" + owners + ", qa=" + qa
                + ", hookToken=" + (hookToken == null ? null : "***") + ", previewEnvironment=" + previewEnvironment
                + ", productionEnvironment=" + productionEnvironment + ", environments=" + environments
                + ", github=" + github + ", team=" + team + ", freeze=" + freeze + "]";
    }
}
