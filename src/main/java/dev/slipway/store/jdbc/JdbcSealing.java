package dev.slipway.store.jdbc;

/**
 * How a secret column's value is sealed on its way into the database and opened on its way out, bound to its
 * table, row and column so that a value copied elsewhere does not open.
 */
interface JdbcSealing {
    String seal(String plaintext, String table, String row, String column);

    String open(String sealed, String table, String row, String column);
}
