package dev.slipway.store.postgres;

import dev.slipway.secret.SecretBox;
import dev.slipway.store.jdbc.JdbcStore;
import dev.slipway.store.jdbc.StoredSecretsContract;
import dev.slipway.testing.EmbeddedPostgresServer;
import java.util.Properties;

class PostgresStoredSecretsTest extends StoredSecretsContract {
    private final String url = EmbeddedPostgresServer.freshDatabase();

    @Override
    protected JdbcStore open(SecretBox box) {
        return PostgresStore.open(url, EmbeddedPostgresServer.USER, null, 4, box);
    }

    @Override
    protected String url() {
        return url;
    }

    @Override
    protected Properties connectionProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", EmbeddedPostgresServer.USER);
        return properties;
    }
}
