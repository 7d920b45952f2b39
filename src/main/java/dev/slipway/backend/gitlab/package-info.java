/**
 * The {@code gitlab} backend: deploys by triggering a GitLab CI pipeline, which reports its end to its own inbound
 * hook, {@code /hooks/gitlab}; with an API token it also cancels pipelines and finds one whose trigger ended in doubt.
 */
package dev.slipway.backend.gitlab;
