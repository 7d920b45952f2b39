package dev.slipway.backend.github;

import java.time.Instant;
import java.util.Map;

/**
 * A deployment as GitHub lists it.
 *
 * @param creator the login of whoever created it
 * @param payload the deployment's payload: empty when it has none or it is not an object; a payload GitHub holds as
 *                a JSON string is parsed when that string holds an object
 * @param url     the deployment's API URL
 */
public record GitHubDeployment(long id, String ref, String sha, String environment, String creator, Instant createdAt,
                               Map<String, Object> payload, String url) {
    public GitHubDeployment {
        payload = payload == null ? Map.of() : payload;
    }
}
