package dev.slipway.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.ErrorCode;
import dev.slipway.store.Store;
import dev.slipway.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the audit log keeps of denied attempts, on a real SQLite file. */
class DeniedAttemptsTest {
    @TempDir
    Path dir;
    private Store store;
    private DeniedAttempts denied;

    @BeforeEach
    void open() {
        store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("s.db"), 4);
        denied = new DeniedAttempts(store, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void only_codes_about_policy_are_written() {
        ChatOrigin origin = new ChatOrigin("slack", "C1", null);
        for (ErrorCode code : ErrorCode.values()) {
            denied.refused("U1", origin, new DeniedAttempts.Attempt("deploy", "api", "production", null), code, "no");
        }
        assertThat(audit()).extracting(e -> e.detail().substring(0, e.detail().indexOf(':')))
                .containsExactlyInAnyOrder("NOT_A_DEPLOYER", "NOT_PERMITTED", "REF_NOT_ALLOWED", "LOCKED",
                        "ALREADY_LOCKED", "ENVIRONMENT_BUSY", "NEEDS_APPROVAL", "ARGUMENT_NOT_ALLOWED", "ALREADY_CLAIMED",
                        "NOT_AN_APPROVER", "SELF_APPROVAL", "FROZEN", "APPROVAL_EXPIRED");
        assertThat(audit().get(0).detail()).endsWith(": no; from slack C1");
    }

    @Test
    void bad_signatures_from_several_addresses_name_the_busiest_and_list_the_rest() {
        for (int i = 0; i < 3; i++) {
            denied.badSignature("github", "/hooks/github", "203.0.113.9");
        }
        denied.badSignature("github", "/hooks/github", "198.51.100.2");
        denied.badSignature("gitlab", "/hooks/gitlab", null);

        denied.flush();

        assertThat(audit()).extracting(AuditEvent::actor, AuditEvent::detail).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("203.0.113.9", "4 requests with an invalid, stale or missing"
                        + " signature to /hooks/github in the last minute from 2 addresses (203.0.113.9: 3, 198.51.100.2: 1)"),
                org.assertj.core.groups.Tuple.tuple("unknown", "1 request with an invalid, stale or missing"
                        + " signature to /hooks/gitlab in the last minute"));
    }

    @Test
    void a_flood_from_ever_new_addresses_is_counted_in_bounded_memory() {
        for (int i = 0; i < 1000; i++) {
            denied.badSignature("slack", "/slack/events", "10.0." + i / 256 + "." + i % 256);
        }
        denied.flush();

        List<AuditEvent> audit = audit();
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).detail()).startsWith("1000 requests with an invalid, stale or missing signature to"
                + " /slack/events in the last minute from " + (DeniedAttempts.ADDRESSES_PER_SOURCE + 1) + " addresses (")
                .contains(DeniedAttempts.OTHER_ADDRESSES + ": " + (1000 - DeniedAttempts.ADDRESSES_PER_SOURCE));
    }

    @Test
    void closing_flushes_what_was_counted() {
        denied.start();
        denied.badSignature("notify", "/hooks/notify", "127.0.0.1");
        denied.close();
        assertThat(audit()).extracting(AuditEvent::action).containsExactly("signature.refused");
    }

    private List<AuditEvent> audit() {
        return store.read(tx -> tx.audit().listRecent(null, 100));
    }
}
