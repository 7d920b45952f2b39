/**
 * GitHub's Deployments REST API for one repository, reached with a token or as a GitHub App: the client the
 * {@code github} backend and the composition root use.
 */
package dev.slipway.backend.github;
