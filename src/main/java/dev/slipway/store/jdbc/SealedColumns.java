package dev.slipway.store.jdbc;

import dev.slipway.secret.KeyProvider;
import dev.slipway.secret.SealContext;
import dev.slipway.secret.SecretBox;
import dev.slipway.secret.SecretException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Every column that holds sealed values ({@code enc:v1:…}), in one place: the start-up check and
 * {@code slipway secrets rotate} go through all of them. A value in {@code table}'s row {@code id} is sealed with
 * the context {@code table/<id>/column}, so it opens nowhere else.
 */
public final class SealedColumns {
    /** A column of sealed values, and the column that identifies its row. */
    public record SealedColumn(String table, String idColumn, String column) {
        public SealContext context(Object id) {
            return new SealContext(table, String.valueOf(id), column);
        }
    }

    public static final SealedColumn RUN_ARGUMENTS = new SealedColumn("deployments", "id", "run_arguments");
    public static final SealedColumn BOT_TOKEN = new SealedColumn("slack_installations", "id", "bot_token");
    public static final SealedColumn INSTALLER_TOKEN = new SealedColumn("slack_installations", "id", "installer_token");
    public static final SealedColumn RESPONSE_URL = new SealedColumn("response_urls", "deployment_id", "url");

    /** Each sealed column; a new one is added here (its SQL names are fixed text, never a user's). */
    public static final List<SealedColumn> ALL = List.of(RUN_ARGUMENTS, BOT_TOKEN, INSTALLER_TOKEN, RESPONSE_URL);

    private static final String SEALED = " LIKE 'enc:v1:%'";

    private SealedColumns() {
    }

    /**
     * Refuses a database some of whose secrets {@code box} cannot open, as they are wrapped by another master key.
     * One value per column is looked at: a database is re-wrapped whole, in one transaction.
     *
     * @throws SecretException with one line naming both keys and what to do
     */
    static void checkKey(Handle handle, SecretBox box) {
        for (SealedColumn sealed : ALL) {
            Optional<String> value = handle.createQuery("SELECT " + sealed.column() + " FROM " + sealed.table()
                            + " WHERE " + sealed.column() + SEALED + " LIMIT 1")
                    .mapTo(String.class)
                    .findOne();
            if (value.isPresent() && !box.holdsKeyOf(value.get())) {
                String given = box.provider().keyId();
                throw new SecretException("the database holds secrets wrapped by key " + SecretBox.keyIdOf(value.get())
                        + " (table " + sealed.table() + "), but the master key given is " + given + "; start with the"
                        + (given.startsWith("local:") ? " right SLIPWAY_MASTER_KEY" : " right secrets: key")
                        + " or run slipway secrets rotate");
            }
        }
    }

    /** Re-wraps every sealed value of every column from {@code from}'s key to {@code to}'s; the number changed. */
    static int rewrapAll(Handle handle, SecretBox to, KeyProvider from) {
        int changed = 0;
        for (SealedColumn sealed : ALL) {
            List<Map<String, Object>> rows = handle.createQuery("SELECT " + sealed.idColumn() + " AS id, "
                            + sealed.column() + " AS value FROM " + sealed.table()
                            + " WHERE " + sealed.column() + SEALED)
                    .mapToMap()
                    .list();
            for (Map<String, Object> row : rows) {
                String value = (String) row.get("value");
                String rewrapped;
                try {
                    rewrapped = to.rewrap(value, from);
                } catch (SecretException e) {
                    throw new SecretException(sealed.context(row.get("id")) + ": " + e.getMessage(), e);
                }
                if (!rewrapped.equals(value)) {
                    handle.createUpdate("UPDATE " + sealed.table() + " SET " + sealed.column() + " = :value WHERE "
                                    + sealed.idColumn() + " = :id")
                            .bind("value", rewrapped)
                            .bind("id", row.get("id"))
                            .execute();
                    changed++;
                }
            }
        }
        return changed;
    }
}
