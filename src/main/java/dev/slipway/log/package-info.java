/**
 * What logging adds to logback: every line and every exception text it writes goes through {@link
 * dev.slipway.log.LogMasking}, so no configured secret and nothing shaped like a token reaches the log.
 */
package dev.slipway.log;
