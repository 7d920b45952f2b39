/** The command line: {@code serve}, {@code console} and {@code check-config}. */
package dev.slipway.cli;
