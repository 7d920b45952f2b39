package dev.slipway.backend.circleci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CircleCiSettingsTest {
    private static final String SLUG = "gh/acme/api";
    private static final String TOKEN = "CCIPAT_FakePersonalApiToken_0001";

    @Test
    void defaults_to_circlecis_cloud_thirty_second_requests_and_an_hour_for_the_pipeline() {
        CircleCiSettings settings = new CircleCiSettings(null, SLUG, TOKEN, null, null, null);

        assertThat(settings.url()).isEqualTo("https://circleci.com");
        assertThat(settings.parameters()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.pipelineTimeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void slug_and_token_are_required() {
        assertThatThrownBy(() -> new CircleCiSettings(null, " ", TOKEN, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("projectSlug is required");
        assertThatThrownBy(() -> new CircleCiSettings(null, SLUG, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("token is required");
    }

    @Test
    void the_url_must_be_http_or_https() {
        assertThatThrownBy(() -> new CircleCiSettings("circleci.com", SLUG, TOKEN, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("url must start with http:// or https://");
        assertThatThrownBy(() -> new CircleCiSettings("ftp://circleci.com", SLUG, TOKEN, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("url must start with http:// or https://");
        assertThatThrownBy(() -> new CircleCiSettings("https://exa mple.com", SLUG, TOKEN, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("url is not a valid URL: https://exa mple.com");
        assertThat(new CircleCiSettings("http://circleci.internal:8080/", SLUG, TOKEN, null, null, null).url())
                .isEqualTo("http://circleci.internal:8080/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gh/acme/api", "bb/org/repo", "gh/acme-corp/web.api_2",
            "circleci/9a3f8c2e-1b4d-4e5f-8a6b-7c8d9e0f1a2b/3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"})
    void a_slug_is_kept_as_it_is(String slug) {
        assertThat(new CircleCiSettings(slug, TOKEN, null).projectSlug()).isEqualTo(slug);
    }

    @Test
    void a_slug_that_would_address_something_else_is_refused() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("gh/acme/my api", "projectSlug `gh/acme/my api` contains whitespace");
        refused.put("gh/acme/api\tx", "projectSlug `gh/acme/api\tx` contains whitespace");
        refused.put("gh/../admin", "projectSlug `gh/../admin` has a `..` segment");
        refused.put("gh/acme/api?x=1", "projectSlug `gh/acme/api?x=1` contains `?` or `#`");
        refused.put("gh/acme/api#x", "projectSlug `gh/acme/api#x` contains `?` or `#`");
        refused.put("gh//api", "projectSlug `gh//api` has an empty segment");
        refused.put("/gh/acme/api", "projectSlug `/gh/acme/api` has an empty segment");
        refused.forEach((slug, message) -> assertThatThrownBy(() -> new CircleCiSettings(slug, TOKEN, null))
                .as(slug).isInstanceOf(IllegalArgumentException.class).hasMessage(message));
    }

    @Test
    void parameters_keep_their_order_and_cannot_be_changed() {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : new String[] {"z_last", "a_first", "m_middle"}) {
            parameters.put(name, "{{" + "environment}}");
        }

        CircleCiSettings settings = new CircleCiSettings(SLUG, TOKEN, parameters);

        assertThat(settings.parameters().keySet()).containsExactly("z_last", "a_first", "m_middle");
        assertThatThrownBy(() -> settings.parameters().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void every_placeholder_slipway_fills_is_allowed_and_an_unknown_one_is_named() {
        Map<String, String> known = Map.of("all", "{{project}} {{environment}} {{ref}} {{deployment}} {{user}}"
                + " {{channel}} {{thread}} {{ providerDeployment }}");
        assertThat(new CircleCiSettings(SLUG, TOKEN, known).parameters()).isEqualTo(known);

        assertThatThrownBy(() -> new CircleCiSettings(SLUG, TOKEN, Map.of("deploy_env", "{{env}}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameters.deploy_env uses an unknown placeholder {{env}}");
    }

    @Test
    void a_parameter_needs_a_name_and_a_value() {
        Map<String, String> noValue = new HashMap<>();
        noValue.put("deploy_env", null);
        Map<String, String> noName = new HashMap<>();
        noName.put(" ", "x");

        assertThatThrownBy(() -> new CircleCiSettings(SLUG, TOKEN, noValue))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("parameters.deploy_env needs a value");
        assertThatThrownBy(() -> new CircleCiSettings(SLUG, TOKEN, noName))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("parameters must have names");
    }

    @Test
    void timeouts_must_be_positive() {
        assertThatThrownBy(() -> new CircleCiSettings(null, SLUG, TOKEN, null, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive");
        assertThatThrownBy(() -> new CircleCiSettings(null, SLUG, TOKEN, null, null, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("pipelineTimeout must be positive");
    }

    @Test
    void the_token_is_never_shown() {
        CircleCiSettings settings = new CircleCiSettings(SLUG, TOKEN, Map.of("deploy_env", "{{environment}}"));

        assertThat(settings.toString()).doesNotContain(TOKEN).contains("token=***").contains(SLUG);
    }
}
