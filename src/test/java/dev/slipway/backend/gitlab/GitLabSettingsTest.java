package dev.slipway.backend.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitLabSettingsTest {
    private static final String URL = "https://gitlab.example.com";
    private static final String TOKEN = "glptt-FakeTriggerToken00000000001";

    @Test
    void url_project_and_trigger_token_are_required() {
        assertThatThrownBy(() -> new GitLabSettings(null, "4242", TOKEN, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("url is required");
        assertThatThrownBy(() -> new GitLabSettings(URL, " ", TOKEN, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("projectId is required");
        assertThatThrownBy(() -> new GitLabSettings(URL, "4242", "", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("triggerToken is required");
    }

    @Test
    void the_url_must_be_http_or_https() {
        assertThatThrownBy(() -> new GitLabSettings("gitlab.example.com", "4242", TOKEN, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("url must start with http:// or https://");
        assertThat(new GitLabSettings("http://gitlab.internal:8080/", "4242", TOKEN, null, null, null, null).url())
                .isEqualTo("http://gitlab.internal:8080/");
    }

    @Test
    void the_default_ref_must_be_a_valid_git_ref() {
        assertThat(new GitLabSettings(URL, "4242", TOKEN, " release/1.2 ", null, null, null).ref())
                .isEqualTo("release/1.2");
        assertThatThrownBy(() -> new GitLabSettings(URL, "4242", TOKEN, "main..x", null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ref `main..x` is not a valid ref: it contains `..`");
        assertThatThrownBy(() -> new GitLabSettings(URL, "4242", TOKEN, "-main", null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ref `-main` is not a valid ref: it starts with `-`");
    }

    @Test
    void variables_default_to_none_and_timeout_to_thirty_seconds() {
        GitLabSettings settings = new GitLabSettings(URL, "4242", TOKEN, null, null, null, null);

        assertThat(settings.variables()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.ref()).isNull();
    }

    @Test
    void variables_keep_their_order_and_cannot_be_changed() {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String name : new String[] {"Z_LAST", "A_FIRST", "M_MIDDLE"}) {
            variables.put(name, "{{ref}}");
        }

        GitLabSettings settings = new GitLabSettings(URL, "4242", TOKEN, "main", variables, null, null);
        variables.clear();

        assertThat(settings.variables().keySet()).containsExactly("Z_LAST", "A_FIRST", "M_MIDDLE");
        assertThatThrownBy(() -> settings.variables().put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void a_variable_without_a_value_is_refused() {
        Map<String, String> variables = new HashMap<>();
        variables.put("DEPLOY_ENV", null);

        assertThatThrownBy(() -> new GitLabSettings(URL, "4242", TOKEN, null, variables, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("variables.DEPLOY_ENV needs a value");
    }

    @Test
    void a_timeout_that_is_not_positive_is_refused() {
        assertThatThrownBy(() -> new GitLabSettings(URL, "4242", TOKEN, null, null, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive");
    }

    @Test
    void the_trigger_token_is_not_shown_when_settings_are_printed() {
        assertThat(new GitLabSettings(URL, "4242", TOKEN, null, null, null, null).toString())
                .doesNotContain(TOKEN).contains("4242");
    }

    @Test
    void the_api_token_is_optional_and_not_shown_when_settings_are_printed() {
        String apiToken = "glpat-FakeApiToken000000000001";

        GitLabSettings with = new GitLabSettings(URL, "4242", TOKEN, null, null, null, null, " " + apiToken + " ");
        GitLabSettings blank = new GitLabSettings(URL, "4242", TOKEN, null, null, null, null, " ");

        assertThat(with.apiToken()).isEqualTo(apiToken);
        assertThat(with.toString()).doesNotContain(apiToken).contains("apiToken=***");
        assertThat(blank.apiToken()).isNull();
        assertThat(new GitLabSettings(URL, "4242", TOKEN, null, null, null, null).apiToken()).isNull();
    }

    @Test
    void the_backend_type_is_named_gitlab_and_its_default_ref_is_the_configured_ref() {
        var type = GitLabBackend.type(HttpClient.newHttpClient());
        GitLabSettings withRef = new GitLabSettings(URL, "4242", TOKEN, "main", null, null, null);
        GitLabSettings withoutRef = new GitLabSettings(URL, "4242", TOKEN, " ", null, null, null);

        assertThat(type.name()).isEqualTo("gitlab");
        assertThat(type.settingsType()).isEqualTo(GitLabSettings.class);
        assertThat(type.create(withRef)).isInstanceOf(GitLabBackend.class);
        assertThat(type.defaultRefOf(withRef)).contains("main");
        assertThat(type.defaultRefOf(withoutRef)).isEmpty();
    }
}
