package dev.slipway.backend.gitlab;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The fields Slipway needs from the Pipeline entity the trigger API answers with. */
@JsonIgnoreProperties(ignoreUnknown = true)
record GitLabPipeline(@JsonProperty("id") Long id, @JsonProperty("web_url") String webUrl) {
}
