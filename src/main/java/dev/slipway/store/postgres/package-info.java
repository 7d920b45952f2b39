/** The store on PostgreSQL, for running several replicas against one database. */
package dev.slipway.store.postgres;
