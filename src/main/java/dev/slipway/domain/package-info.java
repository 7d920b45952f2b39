/** Slipway's vocabulary in plain Java: projects, environments, deployments, locks, audit events and the deploy rules. */
package dev.slipway.domain;
