/** Secrets at rest: envelope encryption of single values ({@code enc:v1:…}) under a master key a provider holds. */
package dev.slipway.secret;
