/**
 * The {@code azure} backend: deploys by starting an Azure Automation runbook job (ARM REST API, with a Microsoft
 * Entra client-credentials token) and follows the job to its end.
 */
package dev.slipway.backend.azure;
