/** The port to the systems that actually deploy; one subpackage per system. */
package dev.slipway.backend;
