package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenShapesTest {
    @Test
    void masks_provider_tokens_after_their_prefix() {
        assertThat(TokenShapes.mask("bot xoxb-1234-5678-AbCdEf, app xapp-1-A0-99, user xoxp-9-9"))
                .isEqualTo("bot xoxb-****, app xapp-****, user xoxp-****");
        assertThat(TokenShapes.mask("refresh xoxe-1-abc rotating xoxe.xoxb-1-abc"))
                .isEqualTo("refresh xoxe-**** rotating xoxe.xoxb-****");
        assertThat(TokenShapes.mask("ghp_abc123 ghs_abc123 gho_x1 github_pat_11AB_cd glpat-Xy_z-1 glptt-0a1b"))
                .isEqualTo("ghp_**** ghs_**** gho_**** github_pat_**** glpat-**** glptt-****");
    }

    @Test
    void masks_authorization_schemes_but_not_the_words_after_them() {
        assertThat(TokenShapes.mask("sent Authorization: Bearer eyJhbGciOi.J9x")).isEqualTo("sent Authorization: ****");
        assertThat(TokenShapes.mask("with bearer abcdef123456 here")).isEqualTo("with bearer **** here");
        assertThat(TokenShapes.mask("Basic dXNlcjpwYXNz")).isEqualTo("Basic ****");
        assertThat(TokenShapes.mask("Basic authentication failed")).isEqualTo("Basic authentication failed");
        assertThat(TokenShapes.mask("PRIVATE-TOKEN: s3cr3tvalue")).isEqualTo("PRIVATE-TOKEN: ****");
        assertThat(TokenShapes.mask("Circle-Token=abcdef1")).isEqualTo("Circle-Token=****");
        assertThat(TokenShapes.mask("Authorization: (redacted)")).isEqualTo("Authorization: (redacted)");
    }

    @Test
    void masks_secrets_in_queries_form_bodies_and_json() {
        assertThat(TokenShapes.mask("GET https://x.example/api?token=abc&channel=C1 HTTP/1.1"))
                .isEqualTo("GET https://x.example/api?token=****&channel=C1 HTTP/1.1");
        assertThat(TokenShapes.mask("client_id=1&CLIENT_SECRET=s3cr3t&code=4.5.abcdef&redirect_uri=x"))
                .isEqualTo("client_id=1&CLIENT_SECRET=****&code=****&redirect_uri=x");
        assertThat(TokenShapes.mask("access_token=a1 refresh_token='r1' password=pw secret=\"s\""))
                .isEqualTo("access_token=**** refresh_token='****' password=**** secret=\"****\"");
        assertThat(TokenShapes.mask("{\"ok\":true,\"access_token\": \"a\\\"b\",\"token\":\"t1\",\"team\":\"T1\"}"))
                .isEqualTo("{\"ok\":true,\"access_token\": \"****\",\"token\":\"****\",\"team\":\"T1\"}");
        assertThat(TokenShapes.mask("https://user:hunter22@git.example/x.git"))
                .isEqualTo("https://user:****@git.example/x.git");
    }

    @Test
    void leaves_ordinary_text_alone() {
        String text = "deploy api to production: exit code=1, see https://ci.example/jobs/12?page=2 (tokens: 3)";
        assertThat(TokenShapes.mask(text)).isSameAs(text);
        assertThat(TokenShapes.mask(null)).isNull();
        assertThat(TokenShapes.mask("the secret is out")).isEqualTo("the secret is out");
    }

    @Test
    void tells_the_prefix_of_a_known_kind_of_token() {
        assertThat(TokenShapes.prefix("xoxb-1-2-3")).isEqualTo("xoxb-");
        assertThat(TokenShapes.prefix("ghp_abc")).isEqualTo("ghp_");
        assertThat(TokenShapes.prefix("plain-secret")).isEmpty();
    }
}
