/** The one command grammar every surface shares: text to {@link dev.slipway.app.command.Command}, and its dispatch. */
package dev.slipway.app.command;
