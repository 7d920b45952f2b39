package dev.slipway.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.testing.Fixtures;
import dev.slipway.testing.ServerHarness;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed requests whose JSON parses but does not fit the type Bolt binds it to (found by {@code SlackFuzzTest}):
 * refused 400, like any request Slipway cannot make sense of, rather than a 500 and an error in the log.
 */
class SlackMalformedPayloadTest {
    @TempDir
    Path dir;
    private ServerHarness server;

    @BeforeEach
    void start() {
        server = ServerHarness.startWithFakes(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_mention_whose_block_elements_are_a_string_is_refused_400_and_starts_nothing() {
        ObjectNode event = (ObjectNode) Fixtures.json("slack-app-mention.json");
        ((ObjectNode) event.at("/event/blocks/0")).put("elements", "revrecom.fasterx");

        HttpResponse<String> response = server.slack().event(event.toString(), Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("the request could not be understood\n");
        assertThat(server.deployments()).isEmpty();
    }
}
