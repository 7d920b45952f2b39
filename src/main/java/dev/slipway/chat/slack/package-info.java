/** The Slack surface: Bolt listeners over HTTP or Socket Mode, request verification, and reports through the Web API. */
package dev.slipway.chat.slack;
