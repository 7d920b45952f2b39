/** The SQL shared by every database behind the store ports, run through Jdbi; dialects supply only what differs. */
package dev.slipway.store.jdbc;
