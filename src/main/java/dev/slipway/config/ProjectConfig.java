package dev.slipway.config;

import java.util.List;
import java.util.Map;

/** One entry of {@code projects:}. {@code environments} keeps the file's order. */
public record ProjectConfig(String id, String name, String url, String channel, String defaultEnvironment,
                            List<String> owners, List<String> qa, String hookToken,
                            Map<String, EnvironmentConfig> environments) {
}
