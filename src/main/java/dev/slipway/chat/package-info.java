/** The ports to chat: surfaces that take commands in and notifiers that report deployments back. */
package dev.slipway.chat;
