package dev.slipway.backend.gitlab;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The fields Slipway needs from GitLab's Pipeline entity, as the trigger API and the pipelines list answer it. */
@JsonIgnoreProperties(ignoreUnknown = true)
record GitLabPipeline(@JsonProperty("id") Long id, @JsonProperty("web_url") String webUrl) {
}
