/** Slipway's entry point and composition root, which alone sees every package. */
package dev.slipway;
