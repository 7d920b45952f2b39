package dev.slipway.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import dev.slipway.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DecodedSlashCommandTest {
    private static final RequestHeaders HEADERS = new RequestHeaders(Map.of("X-Slack-Request-Timestamp", List.of("1")));

    static List<String> bodies() {
        String fixture = Fixtures.text("slack-slash-command.form").strip();
        return List.of(
                fixture,
                // an empty text and no enterprise: Bolt leaves them null
                "team_id=T1&channel_id=C1&user_id=U1&command=%2Fslipway&text=&trigger_id=t.1&response_url=",
                // pluses, escapes, non-ASCII and a field Bolt does not know
                "command=%2Fslipway&text=deploy+api+%E3%83%AA%E3%83%AA%E3%83%BC%E3%82%B9+to+prod%26more&user_id=U2"
                        + "&is_enterprise_install=true&unknown_field=x&team_id=T2",
                fixture.replace("text=web-api%20production%20--ref%20v2.14.0", "text=status"));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void is_the_request_bolts_parser_makes_of_the_same_body(String body) {
        SlashCommandRequest bolts = new SlashCommandRequest(body, HEADERS);

        SlashCommandRequest decoded = new DecodedSlashCommand(body, SlackRequestFilter.decodeForm(body), HEADERS);

        assertThat(decoded.getPayload()).isEqualTo(bolts.getPayload());
        assertThat(decoded.getRequestBodyAsString()).isEqualTo(body);
        assertThat(decoded.getResponseUrl()).isEqualTo(bolts.getResponseUrl());
        assertThat(decoded.getContext()).usingRecursiveComparison().isEqualTo(bolts.getContext());
        assertThat(decoded.getRequestType()).isEqualTo(bolts.getRequestType());
    }
}
