package dev.slipway.config;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code projects:}. {@code environments} keeps the file's order.
 *
 * @param previewEnvironment    where builds posted to {@code /hooks/build-complete} are previewed ({@code preview})
 * @param productionEnvironment where a reviewed build is promoted to ({@code production})
 */
public record ProjectConfig(String id, String name, String url, String channel, String defaultEnvironment,
                            List<String> owners, List<String> qa, String hookToken, String previewEnvironment,
                            String productionEnvironment, Map<String, EnvironmentConfig> environments) {
}
