/**
 * The command line: {@code serve}, {@code console}, {@code check-config}, {@code secrets}, {@code backup} and
 * {@code migrate-to}.
 */
package dev.slipway.cli;
