/** The console surface: commands typed (or piped) into a terminal as one user, answers printed as chat would show them. */
package dev.slipway.chat.console;
