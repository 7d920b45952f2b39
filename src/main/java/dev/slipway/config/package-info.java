/** Configuration: the records slipway.yaml binds to, and the strict loader that reports every error with file and line. */
package dev.slipway.config;
