package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokensTest {
    @Test
    void a_bearer_token_is_read_whatever_the_schemes_case_and_nothing_else_is() {
        assertThat(Tokens.bearer("Bearer abc123")).isEqualTo("abc123");
        assertThat(Tokens.bearer("bearer  abc123 ")).isEqualTo("abc123");
        assertThat(Tokens.bearer("Basic dXNlcjpwYXNz")).isNull();
        assertThat(Tokens.bearer("Bear")).isNull();
        assertThat(Tokens.bearer(null)).isNull();
    }

    @Test
    void secrets_are_new_each_time_url_safe_and_compared_whole() {
        String one = Tokens.newSecret();

        assertThat(one).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(Tokens.newSecret());
        assertThat(Tokens.same(one, one)).isTrue();
        assertThat(Tokens.same(one, one.substring(1))).isFalse();
        assertThat(Tokens.same(null, one)).isFalse();
    }
}
