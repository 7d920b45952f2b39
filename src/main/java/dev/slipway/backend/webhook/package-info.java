/**
 * The {@code webhook} backend: deploys by POSTing a signed document to a receiver of the team's own, which reports
 * the run's progress and end to the callback URL it was given, through the inbound hook {@code /hooks/webhook}.
 */
package dev.slipway.backend.webhook;
