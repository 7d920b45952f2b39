package dev.slipway.chat.slack;

import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.service.OAuthStateService;
import dev.slipway.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code state} of Slack's OAuth flow, as Bolt's {@link OAuthStateService} on Slipway's database: a random
 * value signed with the app's client secret, handed out by {@code /slack/install} together with a cookie holding
 * the same value, usable once, for {@link #LIFETIME}. A state that was forged, reused, expired or comes from another
 * browser is refused before the code is exchanged.
 */
final class SlackOAuthStates implements OAuthStateService {
    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final Store store;
    private final Clock clock;
    private final byte[] key;

    SlackOAuthStates(Store store, Clock clock, String clientSecret) {
        this.store = store;
        this.clock = clock;
        this.key = clientSecret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public long getExpirationInSeconds() {
        return LIFETIME.toSeconds();
    }

    @Override
    public String generateNewStateValue() {
        byte[] nonce = new byte[18];
        RANDOM.nextBytes(nonce);
        String value = BASE64.encodeToString(nonce);
        return value + "." + signature(value);
    }

    @Override
    public void addNewStateToDatastore(String state) {
        store.inTransaction(tx -> {
            tx.installations().deleteExpiredStates(clock.instant());
            tx.installations().addState(state, clock.instant().plus(LIFETIME));
            return null;
        });
    }

    /**
     * Bolt's check (the state in the query is the one in this browser's cookie), then the signature, then the state
     * is used up at once: of two callbacks racing with one state, only one goes on to exchange its code.
     */
    @Override
    public boolean isValid(Request request) {
        String state = extractStateFromQueryString(request);
        return OAuthStateService.super.isValid(request) && signed(state)
                && store.inTransaction(tx -> tx.installations().consumeState(state, clock.instant()));
    }

    @Override
    public boolean isAvailableInDatabase(String state) {
        return signed(state) && store.read(tx -> tx.installations().hasState(state, clock.instant()));
    }

    @Override
    public void deleteStateFromDatastore(String state) {
        store.inTransaction(tx -> tx.installations().consumeState(state, clock.instant()));
    }

    private boolean signed(String state) {
        int dot = state == null ? -1 : state.lastIndexOf('.');
        if (dot <= 0) {
            return false;
        }
        byte[] expected = signature(state.substring(0, dot)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, state.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return BASE64.encodeToString(mac.doFinal(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
