package dev.slipway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.domain.ApiToken;
import dev.slipway.domain.ApiTokenInfo;
import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.AuditQuery;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.RefusedException;
import dev.slipway.domain.Tokens;
import dev.slipway.domain.WebSession;
import dev.slipway.store.Store;
import dev.slipway.store.Transaction;
import dev.slipway.store.sqlite.SqliteStore;
import dev.slipway.testing.MovingClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessServiceTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;
    private Store store;
    private final MovingClock clock = new MovingClock(T0);
    private AccessService access;

    @BeforeEach
    void open() {
        store = SqliteStore.open(url(), 2);
        access = new AccessService(store, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("access.db");
    }

    private List<AuditEvent> audit() {
        List<AuditEvent> events = new ArrayList<>(store.read((Transaction tx) -> tx.audit().search(AuditQuery.all(100))));
        java.util.Collections.reverse(events);
        return events;
    }

    /** Every value of every row of {@code table}, as text. */
    private List<String> cells(String table) throws Exception {
        List<String> cells = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    cells.add(String.valueOf(rs.getString(i)));
                }
            }
        }
        return cells;
    }

    @Test
    void a_login_link_signs_in_once() {
        String token = access.createLoginLink("alice");

        Optional<WebSession> session = access.redeemLoginLink(token);
        Optional<WebSession> again = access.redeemLoginLink(token);

        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(session).isPresent();
        assertThat(session.get().user()).isEqualTo("alice");
        assertThat(session.get().expiresAt()).isEqualTo(T0.plus(AccessService.SESSION_LIFETIME));
        assertThat(again).isEmpty();
        assertThat(access.findSession(session.get().token())).contains(session.get());
        assertThat(audit()).extracting(AuditEvent::actor, AuditEvent::action, AuditEvent::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("alice", "web.login_link_created", ""),
                org.assertj.core.groups.Tuple.tuple("alice", "web.signed_in", "one-time link"));
    }

    @Test
    void a_login_link_expires_after_ten_minutes() {
        String kept = access.createLoginLink("alice");
        String late = access.createLoginLink("alice");
        clock.move(Duration.ofMinutes(9));
        assertThat(access.redeemLoginLink(kept)).isPresent();

        clock.move(Duration.ofMinutes(1));

        assertThat(access.redeemLoginLink(late)).isEmpty();
    }

    @Test
    void unknown_and_absurd_tokens_sign_nobody_in() {
        access.createLoginLink("alice");

        assertThat(access.redeemLoginLink("not-a-token")).isEmpty();
        assertThat(access.redeemLoginLink("")).isEmpty();
        assertThat(access.redeemLoginLink(null)).isEmpty();
        assertThat(access.redeemLoginLink("x".repeat(100_000))).isEmpty();
        assertThat(access.findSession("not-a-token")).isEmpty();
        assertThat(access.findSession(null)).isEmpty();
    }

    @Test
    void a_session_lasts_twelve_hours_and_ends_when_signed_out() {
        WebSession kept = access.startSession("U0001", "slack");
        WebSession ended = access.startSession("bob", "slack");

        access.endSession(ended.token());
        access.endSession(ended.token());
        access.endSession("never-issued");

        assertThat(access.findSession(ended.token())).isEmpty();
        clock.move(AccessService.SESSION_LIFETIME.minusSeconds(1));
        assertThat(access.findSession(kept.token())).map(WebSession::user).contains("U0001");
        clock.move(Duration.ofSeconds(1));
        assertThat(access.findSession(kept.token())).isEmpty();
        assertThat(audit()).extracting(AuditEvent::actor, AuditEvent::action, AuditEvent::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("U0001", "web.signed_in", "slack"),
                org.assertj.core.groups.Tuple.tuple("bob", "web.signed_in", "slack"),
                org.assertj.core.groups.Tuple.tuple("bob", "web.signed_out", ""));
    }

    @Test
    void sessions_have_distinct_secrets_and_do_not_print_them() {
        WebSession one = access.startSession("alice", "slack");
        WebSession two = access.startSession("alice", "slack");

        assertThat(List.of(one.token(), one.csrfToken(), two.token(), two.csrfToken())).doesNotHaveDuplicates();
        assertThat(one.toString()).contains("alice").doesNotContain(one.token()).doesNotContain(one.csrfToken());
    }

    @Test
    void only_hashes_of_secrets_are_stored() throws Exception {
        String link = access.createLoginLink("alice");
        WebSession session = access.redeemLoginLink(link).orElseThrow();
        ApiToken token = access.createApiToken("alice", "ci");

        List<String> stored = new ArrayList<>();
        stored.addAll(cells("web_login_links"));
        stored.addAll(cells("web_sessions"));
        stored.addAll(cells("api_tokens"));
        stored.addAll(cells("audit_events"));

        assertThat(String.join(" ", stored)).doesNotContain(link).doesNotContain(session.token())
                .doesNotContain(token.secret());
        assertThat(stored).contains(Tokens.sha256Hex(link), Tokens.sha256Hex(session.token()),
                Tokens.sha256Hex(token.secret()));
    }

    @Test
    void refuses_person_ids_that_are_blank_long_or_hold_control_characters() {
        for (String bad : new String[] {null, "", "  ", "a".repeat(129), "alice\nbob", "al\u0000ice", " alice"}) {
            assertThatThrownBy(() -> access.createLoginLink(bad)).isInstanceOf(RefusedException.class);
            assertThatThrownBy(() -> access.startSession(bad, "slack")).isInstanceOf(RefusedException.class);
            assertThatThrownBy(() -> access.createApiToken(bad, "ci")).isInstanceOf(RefusedException.class);
        }
        assertThat(audit()).isEmpty();
    }

    @Test
    void a_burst_of_calls_notes_the_tokens_use_once_a_minute_and_a_revocation_still_counts_at_once() {
        ApiToken token = access.createApiToken("alice", "ci-burst");
        clock.move(Duration.ofMinutes(1));
        access.apiUser(token.secret());
        Instant firstUse = clock.instant();

        clock.move(Duration.ofSeconds(30));
        assertThat(access.apiUser(token.secret())).contains("alice");
        assertThat(access.listApiTokens()).extracting(ApiTokenInfo::lastUsedAt).containsExactly(firstUse);

        clock.move(Duration.ofSeconds(31));
        assertThat(access.apiUser(token.secret())).contains("alice");
        assertThat(access.listApiTokens()).extracting(ApiTokenInfo::lastUsedAt).containsExactly(clock.instant());

        access.revokeApiToken("ci-burst");
        assertThat(access.apiUser(token.secret())).as("revoked within the minute").isEmpty();
    }

    @Test
    void an_api_token_acts_as_its_person_until_revoked() {
        ApiToken token = access.createApiToken("alice", "ci-board");
        clock.move(Duration.ofMinutes(5));

        Optional<String> user = access.apiUser(token.secret());

        assertThat(user).contains("alice");
        assertThat(token.toString()).doesNotContain(token.secret());
        assertThat(access.listApiTokens()).containsExactly(
                new ApiTokenInfo("ci-board", "alice", T0, T0.plus(Duration.ofMinutes(5)), null));

        clock.move(Duration.ofMinutes(1));
        assertThat(access.revokeApiToken("ci-board")).isTrue();
        assertThat(access.revokeApiToken("ci-board")).isFalse();
        assertThat(access.revokeApiToken("nonesuch")).isFalse();

        assertThat(access.apiUser(token.secret())).isEmpty();
        assertThat(access.apiUser("guess")).isEmpty();
        assertThat(access.apiUser(null)).isEmpty();
        assertThat(access.listApiTokens()).containsExactly(new ApiTokenInfo("ci-board", "alice", T0,
                T0.plus(Duration.ofMinutes(5)), T0.plus(Duration.ofMinutes(6))));
        assertThat(audit()).extracting(AuditEvent::actor, AuditEvent::action, AuditEvent::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("alice", "api_token.created", "ci-board"),
                org.assertj.core.groups.Tuple.tuple("alice", "api_token.revoked", "ci-board"));
    }

    @Test
    void refuses_a_bad_or_taken_token_name() {
        access.createApiToken("alice", "ci");
        access.revokeApiToken("ci");

        assertThatThrownBy(() -> access.createApiToken("bob", "ci"))
                .isInstanceOfSatisfying(RefusedException.class,
                        e -> assertThat(e.refusal().code()).isEqualTo(ErrorCode.NAME_TAKEN));
        for (String bad : new String[] {null, "", "CI", "-ci", "ci board", "a".repeat(64), "ci'--", "ci\n"}) {
            assertThatThrownBy(() -> access.createApiToken("bob", bad))
                    .isInstanceOfSatisfying(RefusedException.class,
                            e -> assertThat(e.refusal().code()).isEqualTo(ErrorCode.BAD_ARGUMENTS));
        }
        assertThat(access.createApiToken("bob", "a".repeat(63)).name()).hasSize(63);
        assertThat(access.listApiTokens()).extracting(ApiTokenInfo::name).containsExactly("a".repeat(63), "ci");
    }

    @Test
    void works_the_same_behind_group_commit_as_the_composition_root_builds_it() {
        try (dev.slipway.store.GroupCommit grouped = new dev.slipway.store.GroupCommit(store, 256)) {
            AccessService behind = new AccessService(grouped, clock);
            ApiToken token = behind.createApiToken("alice", "ci");

            assertThatThrownBy(() -> behind.createApiToken("bob", "ci"))
                    .isInstanceOfSatisfying(RefusedException.class,
                            e -> assertThat(e.refusal().code()).isEqualTo(ErrorCode.NAME_TAKEN));
            assertThat(behind.apiUser(token.secret())).contains("alice");
            String link = behind.createLoginLink("carol");
            assertThat(behind.redeemLoginLink(link)).map(WebSession::user).contains("carol");
            assertThat(behind.redeemLoginLink(link)).isEmpty();
        }
    }
}
