/**
 * The {@code circleci} backend: deploys by triggering a CircleCI pipeline (API v2), whose workflows report their end
 * to its own signed inbound hook, {@code /hooks/circleci}.
 */
package dev.slipway.backend.circleci;
