package dev.slipway.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The app manifest users paste into Slack asks for what the code asks for when a workspace installs the app. */
class SlackScopesTest {
    private static final JsonNode MANIFEST = read();

    @Test
    void the_manifest_declares_the_bot_scopes_the_install_link_asks_for() {
        assertThat(texts(MANIFEST.path("oauth_config").path("scopes").path("bot"))).isEqualTo(SlackScopes.BOT);
    }

    @Test
    void the_manifest_sends_installers_back_to_the_oauth_redirect_and_tells_of_uninstalls() {
        assertThat(texts(MANIFEST.path("oauth_config").path("redirect_urls")))
                .singleElement().satisfies(url -> assertThat(url).endsWith(SlackInstallFlow.REDIRECT_PATH));
        assertThat(texts(MANIFEST.path("settings").path("event_subscriptions").path("bot_events")))
                .contains("app_mention", "app_uninstalled", "tokens_revoked");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Path.of("examples/slack-app-manifest.yaml").toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
