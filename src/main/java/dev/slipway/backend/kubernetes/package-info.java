/** The {@code kubernetes} backend: rolls an image out as a Deployment, Service and Ingress and follows the rollout. */
package dev.slipway.backend.kubernetes;
