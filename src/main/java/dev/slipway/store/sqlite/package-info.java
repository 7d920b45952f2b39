/** The store on an embedded SQLite file: the default, with no other process to run. */
package dev.slipway.store.sqlite;
