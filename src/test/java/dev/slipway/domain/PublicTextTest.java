package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublicTextTest {
    @Test
    void strips_class_names_and_keeps_the_words_that_help() {
        assertThat(PublicText.of("java.net.ConnectException: Connection refused")).isEqualTo("Connection refused");
        assertThat(PublicText.of("could not reach GitLab: java.io.IOException: HTTP/1.1 header parser received no bytes"))
                .isEqualTo("could not reach GitLab: HTTP/1.1 header parser received no bytes");
        assertThat(PublicText.of("java.net.ConnectException")).isEqualTo("connection refused");
        assertThat(PublicText.of("java.net.http.HttpTimeoutException: request timed out")).isEqualTo("request timed out");
        assertThat(PublicText.of("SocketTimeoutException")).isEqualTo("timed out");
        assertThat(PublicText.of("IOException: stream closed")).isEqualTo("stream closed");
        assertThat(PublicText.of("java.lang.NullPointerException")).isEqualTo("unexpected error");
        assertThat(PublicText.of("HTTP 401 from GitLab: 401 Unauthorized")).isEqualTo("HTTP 401 from GitLab: 401 Unauthorized");
        assertThat(PublicText.of("cannot build dev.slipway.domain.Deployment from it")).isEqualTo("cannot build Deployment from it");
    }

    @Test
    void keeps_one_line_without_stack_frames() {
        assertThat(PublicText.of("java.lang.IllegalStateException: boom\n\tat dev.slipway.app.X.y(X.java:3)\n"))
                .isEqualTo("boom");
        assertThat(PublicText.of("failed at dev.slipway.app.X.y(X.java:3)")).isEqualTo("failed");
    }

    @Test
    void cuts_sql_and_hides_server_paths() {
        assertThat(PublicText.of("the database is unavailable: [SQLITE_BUSY] locked [statement:\"SELECT * FROM jobs\"]"))
                .isEqualTo("the database is unavailable: [SQLITE_BUSY] locked …");
        assertThat(PublicText.of("ERROR: duplicate key; INSERT INTO deployments (id) VALUES (1)"))
                .isEqualTo("ERROR: duplicate key; …");
        assertThat(PublicText.of("could not read the script run in /var/lib/slipway/runs/12: No such file"))
                .isEqualTo("could not read the script run in [path]: No such file");
        assertThat(PublicText.of("see /tmp/x and /work/y/z.sh")).isEqualTo("see [path] and [path]");
        assertThat(PublicText.of("see https://ci.example/tmp/x")).isEqualTo("see https://ci.example/tmp/x");
    }

    @Test
    void masks_token_shapes_and_cuts_long_text() {
        assertThat(PublicText.of("HTTP 500 from GitLab: {\"message\":\"bad token glpat-abc123\",\"token\":\"tt\"}"))
                .isEqualTo("HTTP 500 from GitLab: {\"message\":\"bad token glpat-****\",\"token\":\"****\"}");
        assertThat(PublicText.of("x".repeat(1000))).hasSize(PublicText.MAX_LENGTH).endsWith("…");
        assertThat(PublicText.of(null)).isEmpty();
    }
}
