/** The {@code gitlab} backend: deploys by triggering a GitLab CI pipeline, which reports its end through a hook. */
package dev.slipway.backend.gitlab;
