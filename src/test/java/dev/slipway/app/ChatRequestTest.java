package dev.slipway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.domain.ChatOrigin;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatRequestTest {
    @Test
    void survives_its_trip_through_a_job_payload() {
        ChatRequest mention = new ChatRequest(List.of("slack:event:Ev1", "slack:message:T1:C1:1717171701.000300"),
                new ChatOrigin("slack", "C1", "1717171600.000100", "1717171701.000300"), "U1",
                "deploy api\nmain to staging\n", false);
        assertThat(ChatRequest.fromPayload(mention.toPayload())).isEqualTo(mention);
        ChatRequest button = new ChatRequest(List.of("slack:action:1.2.3"), new ChatOrigin("slack", "C1", null, null),
                "U2", "", true);
        assertThat(ChatRequest.fromPayload(button.toPayload())).isEqualTo(button);
        assertThat(mention.primaryKey()).isEqualTo("slack:event:Ev1");
    }

    @Test
    void needs_a_key() {
        assertThatThrownBy(() -> new ChatRequest(List.of(), ChatOrigin.console("U1"), "U1", "help", false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
