/** The web dashboard: its pages and routes, and signing people in with Slack (OpenID Connect). */
package dev.slipway.web;
