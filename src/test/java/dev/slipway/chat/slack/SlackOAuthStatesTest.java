package dev.slipway.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.oauth.payload.VerificationCodePayload;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.OAuthCallbackRequest;
import dev.slipway.store.Store;
import dev.slipway.store.sqlite.SqliteStore;
import dev.slipway.testing.MovingClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OAuth states /slack/install hands out: signed, single use, ten minutes, tied to the browser's cookie. */
class SlackOAuthStatesTest {
    private static final String CLIENT_SECRET = "fakeclientsecret0000000000000001";

    @TempDir
    Path dir;
    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-03T10:00:00Z"));
    private Store store;
    private SlackOAuthStates states;

    @BeforeEach
    void open() {
        store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("states.db"), 2);
        states = new SlackOAuthStates(store, clock, CLIENT_SECRET);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void a_state_is_good_once_within_ten_minutes_in_the_browser_it_was_given_to() {
        String state = issue();
        String other = issue();

        clock.move(Duration.ofMinutes(9));
        assertThat(states.isValid(callback(state, state))).isTrue();
        assertThat(states.isValid(callback(state, state))).isFalse();
        assertThat(states.isValid(callback(other, null))).isFalse();
        assertThat(states.isValid(callback(other, issue()))).isFalse();
    }

    @Test
    void a_state_older_than_ten_minutes_is_refused() {
        String state = issue();

        clock.move(Duration.ofMinutes(10).plusSeconds(1));

        assertThat(states.isValid(callback(state, state))).isFalse();
        assertThat(states.isAvailableInDatabase(state)).isFalse();
    }

    @Test
    void a_state_not_signed_with_the_apps_secret_is_refused_even_when_stored() {
        SlackOAuthStates otherApp = new SlackOAuthStates(store, clock, "another-apps-secret");
        String foreign = otherApp.generateNewStateValue();
        otherApp.addNewStateToDatastore(foreign);

        assertThat(foreign).matches("[A-Za-z0-9_-]{24}\\.[A-Za-z0-9_-]{43}");
        assertThat(states.isValid(callback(foreign, foreign))).isFalse();
        assertThat(states.isValid(callback("unsigned", "unsigned"))).isFalse();
    }

    private String issue() {
        String state = states.generateNewStateValue();
        states.addNewStateToDatastore(state);
        return state;
    }

    private OAuthCallbackRequest callback(String state, String cookieState) {
        Map<String, List<String>> query = Map.of("code", List.of("a-code"), "state", List.of(state));
        Map<String, List<String>> headers = cookieState == null ? Map.of()
                : Map.of("cookie", List.of(states.getSessionCookieName() + "=" + cookieState));
        return new OAuthCallbackRequest(query, "", VerificationCodePayload.from(query), new RequestHeaders(headers));
    }
}
