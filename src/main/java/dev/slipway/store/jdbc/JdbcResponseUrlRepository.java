package dev.slipway.store.jdbc;

import static dev.slipway.store.jdbc.JdbcColumns.instant;
import static dev.slipway.store.jdbc.JdbcColumns.millis;

import dev.slipway.secret.SecretBox;
import dev.slipway.store.ResponseUrlRepository;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Response URLs in the {@code response_urls} table, one per deployment. The URL is a credential: it is stored
 * sealed ({@link SealedColumns#RESPONSE_URL}).
 */
final class JdbcResponseUrlRepository implements ResponseUrlRepository {
    private final Handle handle;
    private final SecretBox box;

    JdbcResponseUrlRepository(Handle handle, SecretBox box) {
        this.handle = handle;
        this.box = box;
    }

    @Override
    public void keep(long deploymentId, String url, Instant expiresAt) {
        handle.createUpdate("INSERT INTO response_urls (deployment_id, url, expires_at, uses)"
                        + " VALUES (:id, :url, :expires, 0) ON CONFLICT (deployment_id) DO NOTHING")
                .bind("id", deploymentId)
                .bind("url", box.seal(url, SealedColumns.RESPONSE_URL.context(deploymentId)))
                .bind("expires", millis(expiresAt))
                .execute();
    }

    @Override
    public Optional<ResponseUrl> findByDeployment(long deploymentId) {
        return handle.createQuery("SELECT deployment_id, url, expires_at, uses, hinted_at FROM response_urls"
                        + " WHERE deployment_id = :id")
                .bind("id", deploymentId)
                .map((rs, ctx) -> new ResponseUrl(rs.getLong("deployment_id"),
                        box.open(rs.getString("url"), SealedColumns.RESPONSE_URL.context(deploymentId)), instant(rs, "expires_at"),
                        rs.getInt("uses"), rs.getObject("hinted_at") != null))
                .findOne();
    }

    @Override
    public int claimUse(long deploymentId, Instant now, int most) {
        int claimed = handle.createUpdate("UPDATE response_urls SET uses = uses + 1"
                        + " WHERE deployment_id = :id AND uses < :most AND expires_at > :now")
                .bind("id", deploymentId)
                .bind("most", most)
                .bind("now", millis(now))
                .execute();
        if (claimed == 0) {
            return 0;
        }
        return handle.createQuery("SELECT uses FROM response_urls WHERE deployment_id = :id")
                .bind("id", deploymentId)
                .mapTo(Integer.class)
                .one();
    }

    @Override
    public boolean claimHint(long deploymentId, Instant now) {
        return handle.createUpdate("UPDATE response_urls SET hinted_at = :now"
                        + " WHERE deployment_id = :id AND hinted_at IS NULL")
                .bind("id", deploymentId)
                .bind("now", millis(now))
                .execute() == 1;
    }

    @Override
    public void forget(long deploymentId) {
        handle.createUpdate("DELETE FROM response_urls WHERE deployment_id = :id")
                .bind("id", deploymentId)
                .execute();
    }
}
