/**
 * The HTTP server: health endpoints, the generic inbound hooks, the mounting of each provider's hook (which its backend
 * package handles), the mapping of errors to status codes and the limits on how big and how slow a request may be.
 */
package dev.slipway.http;
