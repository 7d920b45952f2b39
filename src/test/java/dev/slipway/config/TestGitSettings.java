package dev.slipway.config;

import java.util.Map;

/** Settings of a pipeline-like backend with a default ref and nested variables. */
record TestGitSettings(String url, Integer projectId, String ref, Map<String, String> variables) {
}
