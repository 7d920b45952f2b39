/**
 * The HTTP server: health endpoints, inbound hooks, the mapping of errors to status codes and the limits on how big
 * and how slow a request may be.
 */
package dev.slipway.http;
