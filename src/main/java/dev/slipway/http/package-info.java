/** The HTTP server: health endpoints, inbound hooks and the mapping of errors to status codes. */
package dev.slipway.http;
