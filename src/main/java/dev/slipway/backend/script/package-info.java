/** The {@code script} backend: runs a shell command on Slipway's host, detached so the run outlives a restart. */
package dev.slipway.backend.script;
