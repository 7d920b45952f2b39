/** The ports to Slipway's database: the store, its repositories, the job queue and the audit log. */
package dev.slipway.store;
