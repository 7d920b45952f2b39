package dev.slipway.chat.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.http.SlackHttpClient;
import dev.slipway.chat.ChatDeliveryException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * The few Web API methods Slipway calls, each turning Slack's answer into a result or a
 * {@link ChatDeliveryException} that says whether trying again can help. Messages never carry the token
 * (the SDK sends it in a header and we quote only Slack's error codes).
 */
final class SlackWebClient {
    /** Slack's own trouble, not ours: documented as transient, like an HTTP 5xx. */
    private static final Set<String> TRANSIENT = Set.of(
            "ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout");

    private final MethodsClient methods;

    SlackWebClient(MethodsClient methods) {
        this.methods = methods;
    }

    /**
     * A Web API client for {@code apiUrl} (null for Slack's own). The SDK's synchronous client does not retry;
     * OkHttp under it would silently resend a request whose connection broke, and a resent chat.postMessage is a
     * second message, so that is switched off: Slipway's job queue does the retrying, with backoff. The SDK's
     * debug logging stays as it is by default: it redacts the Authorization header, which carries the token.
     */
    static MethodsClient methods(String apiUrl, String botToken) {
        SlackConfig config = SlackApiConfig.config(apiUrl);
        OkHttpClient http = SlackHttpClient.buildOkHttpClient(config).newBuilder().retryOnConnectionFailure(false).build();
        return Slack.getInstance(config, new SlackHttpClient(http)).methods(botToken);
    }

    /** Posts in {@code channel}, in the thread {@code threadTs} when not null; returns the new message's ts. */
    String postMessage(String channel, String threadTs, String text, List<LayoutBlock> blocks) throws ChatDeliveryException {
        return call("chat.postMessage", () -> methods.chatPostMessage(r -> r
                .channel(channel).threadTs(threadTs).text(text).blocks(blocks))).getTs();
    }

    void update(String channel, String ts, String text, List<LayoutBlock> blocks) throws ChatDeliveryException {
        call("chat.update", () -> methods.chatUpdate(r -> r.channel(channel).ts(ts).text(text).blocks(blocks)));
    }

    /** Opens (or finds) the direct message between the bot and {@code user}; returns its channel id. */
    String openDirectMessage(String user) throws ChatDeliveryException {
        return call("conversations.open", () -> methods.conversationsOpen(r -> r.users(List.of(user)))).getChannel().getId();
    }

    void postEphemeral(String channel, String user, String text) throws ChatDeliveryException {
        call("chat.postEphemeral", () -> methods.chatPostEphemeral(r -> r.channel(channel).user(user).text(text)));
    }

    /** Adds the reaction {@code name} to a message; one that is already there is fine. */
    void react(String channel, String ts, String name) throws ChatDeliveryException {
        try {
            call("reactions.add", () -> methods.reactionsAdd(r -> r.channel(channel).timestamp(ts).name(name)));
        } catch (SlackWebRefusal refusal) {
            if (!refusal.error().equals("already_reacted")) {
                throw refusal;
            }
        }
    }

    private static <T extends SlackApiTextResponse> T call(String method, SlackWebCall<T> call) throws ChatDeliveryException {
        T response;
        try {
            response = call.send();
        } catch (IOException e) {
            throw new ChatDeliveryException("Slack unreachable for " + method + ": " + describe(e), true, null);
        } catch (SlackApiException e) {
            throw httpError(method, e);
        }
        if (response.isOk()) {
            return response;
        }
        String error = codeOf(response.getError());
        boolean retryable = TRANSIENT.contains(error);
        Duration after = retryable ? retryAfter(response.getHttpResponseHeaders()) : null;
        String needed = response.getNeeded() != null ? " (needs " + codeOf(response.getNeeded()) + ")" : "";
        throw new SlackWebRefusal(method, error, "Slack refused " + method + ": " + error + needed, retryable, after);
    }

    private static ChatDeliveryException httpError(String method, SlackApiException e) {
        int status = e.getResponse().code();
        if (status == 429) {
            Duration after = seconds(e.getResponse().header("Retry-After"));
            return new ChatDeliveryException("Slack rate-limited " + method
                    + (after != null ? ", retry after " + after.toSeconds() + "s" : ""), true, after);
        }
        return new ChatDeliveryException("Slack answered HTTP " + status + " to " + method, status >= 500, null);
    }

    private static Duration retryAfter(Map<String, List<String>> headers) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream()
                .filter(header -> header.getKey() != null && header.getKey().equalsIgnoreCase("Retry-After"))
                .flatMap(header -> header.getValue().stream())
                .map(SlackWebClient::seconds)
                .filter(Objects::nonNull)
                .findFirst().orElse(null);
    }

    /** Slack sends whole seconds; anything else is treated as not said. */
    private static Duration seconds(String value) {
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.strip());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An error code is all we quote from Slack; keeping it to code characters keeps anything else out of logs. */
    private static String codeOf(String error) {
        if (error == null || error.isBlank()) {
            return "unknown_error";
        }
        String code = error.replaceAll("[^A-Za-z0-9_.:,-]", "");
        return code.length() > 80 ? code.substring(0, 80) : code;
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getClass().getSimpleName() + ": " + e.getMessage() : e.getClass().getSimpleName();
    }

    /** One SDK call, which reports trouble through the SDK's two checked exceptions. */
    @FunctionalInterface
    interface SlackWebCall<T> {
        T send() throws IOException, SlackApiException;
    }
}
