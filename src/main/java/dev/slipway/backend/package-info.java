/**
 * The port to the systems that actually deploy, one subpackage per system: a {@code Backend} is either a
 * {@code FollowedBackend} (Slipway follows the run to its end) or a {@code ReportedBackend} (the provider reports it to
 * its own inbound hook, listed in {@code ProviderHooks}).
 */
package dev.slipway.backend;
