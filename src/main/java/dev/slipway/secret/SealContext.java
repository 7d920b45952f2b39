package dev.slipway.secret;

import java.util.Objects;

/**
 * Where a sealed value belongs. It is bound into the ciphertext, so a value copied to another row or column does
 * not open there.
 *
 * @param table  the table, or {@code config} for a value of the configuration file
 * @param row    the row's id; empty for config values
 * @param column the column; empty for config values
 */
public record SealContext(String table, String row, String column) {
    /** Config values are not bound to a key path: one encrypted value may go anywhere in the file. */
    public static final SealContext CONFIG = new SealContext("config", "", "");

    public SealContext {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(column, "column");
    }

    /** {@code table/row/column}, as error lines show it. */
    @Override
    public String toString() {
        return table + "/" + row + "/" + column;
    }
}
