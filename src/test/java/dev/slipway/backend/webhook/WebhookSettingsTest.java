package dev.slipway.backend.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSettingsTest {
    private static final String URL = "https://deploy.example.com/slipway";
    private static final String SECRET = "whsec-test-0001";

    @Test
    void defaults_to_thirty_second_requests_and_an_hour_for_the_report() {
        WebhookSettings settings = new WebhookSettings(" " + URL + " ", SECRET);

        assertThat(settings.url()).isEqualTo(URL);
        assertThat(settings.headers()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.reportTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.reportDeadline()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void url_and_secret_are_required() {
        assertThatThrownBy(() -> new WebhookSettings(null, SECRET)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("url is required");
        assertThatThrownBy(() -> new WebhookSettings(URL, " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("secret is required");
    }

    @Test
    void the_url_must_be_http_or_https_with_a_host() {
        assertThatThrownBy(() -> new WebhookSettings("ftp://example.com", SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("url must start with http:// or https://");
        assertThatThrownBy(() -> new WebhookSettings("https:///deploy", SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("url has no host: https:///deploy");
        assertThatThrownBy(() -> new WebhookSettings("https://exa mple.com", SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("url is not a valid URL: https://exa mple.com");
    }

    @Test
    void headers_keep_their_order_and_cannot_be_changed() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Team", "payments");
        headers.put("Authorization", "Bearer t");

        WebhookSettings settings = new WebhookSettings(URL, SECRET, headers, null, null);

        assertThat(settings.headers()).containsExactly(Map.entry("X-Team", "payments"),
                Map.entry("Authorization", "Bearer t"));
        assertThatThrownBy(() -> settings.headers().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Type", "content-type", "X-Slipway-Signature", "x-slipway-anything"})
    void a_header_slipway_sets_itself_is_refused(String name) {
        assertThatThrownBy(() -> new WebhookSettings(URL, SECRET, Map.of(name, "v"), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("headers." + name + " is set by Slipway itself");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "Content-Length", "Connection", "Expect", "Upgrade"})
    void a_header_the_http_client_sets_is_refused(String name) {
        assertThatThrownBy(() -> new WebhookSettings(URL, SECRET, Map.of(name, "v"), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("headers." + name + " is set by the HTTP client itself");
    }

    @Test
    void a_line_break_cannot_smuggle_in_another_header() {
        assertThatThrownBy(() -> new WebhookSettings(URL, SECRET, Map.of("X-Team", "a\r\nX-Admin: yes"), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("headers.X-Team contains a line break");
        assertThatThrownBy(() -> new WebhookSettings(URL, SECRET, Map.of("X-Team\nX-Admin", "yes"), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("headers: `X-Team\\nX-Admin` is not a header name");
        assertThatThrownBy(() -> new WebhookSettings(URL, SECRET, Map.of("X Team", "yes"), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("headers: `X Team` is not a header name");
    }

    @Test
    void a_header_needs_a_value() {
        Map<String, String> headers = new HashMap<>();
        headers.put("X-Team", null);

        assertThatThrownBy(() -> new WebhookSettings(URL, SECRET, headers, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("headers.X-Team needs a value");
    }

    @Test
    void timeouts_must_be_positive() {
        assertThatThrownBy(() -> new WebhookSettings(URL, SECRET, null, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive");
        assertThatThrownBy(() -> new WebhookSettings(URL, SECRET, null, null, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("reportTimeout must be positive");
    }

    @Test
    void the_secret_and_header_values_are_never_shown() {
        String shown = new WebhookSettings(URL, SECRET, Map.of("Authorization", "Bearer gateway-token"), null, null)
                .toString();

        assertThat(shown).doesNotContain(SECRET).doesNotContain("gateway-token").contains("secret=***")
                .contains("Authorization");
    }
}
