package dev.slipway.backend.gitlab;

import dev.slipway.backend.ProviderHttp;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/** The trigger API's request: {@code POST /api/v4/projects/:id/trigger/pipeline} with a form-encoded body. */
final class GitLabTrigger {
    private GitLabTrigger() {
    }

    static HttpRequest request(String baseUrl, String projectId, String token, String ref,
                               Map<String, String> variables, Duration timeout) {
        return HttpRequest.newBuilder(uri(baseUrl, projectId))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(token, ref, variables)))
                .build();
    }

    /** The instance URL as configured, without the trailing slashes that would double the path's first one. */
    static String baseUrl(String url) {
        String base = url;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }

    static URI uri(String baseUrl, String projectId) {
        return URI.create(baseUrl + "/api/v4/projects/" + pathSegment(projectId) + "/trigger/pipeline");
    }

    /** A numeric id goes as it is; a project path is one segment, its slashes encoded ({@code acme%2Fweb-api}). */
    static String pathSegment(String projectId) {
        return projectId.chars().allMatch(Character::isDigit) ? projectId : encode(projectId);
    }

    // Form rather than JSON: GitLab's own documentation triggers with curl --form, and every value is a string.
    static String form(String token, String ref, Map<String, String> variables) {
        StringJoiner form = new StringJoiner("&");
        form.add("token=" + encode(token));
        form.add("ref=" + encode(ref));
        variables.forEach((key, value) -> form.add(encode("variables[" + key + "]") + "=" + encode(value)));
        return form.toString();
    }

    /** A value as one URL component: a form field, a query parameter or a path segment. */
    static String encode(String value) {
        return ProviderHttp.encode(value);
    }
}
