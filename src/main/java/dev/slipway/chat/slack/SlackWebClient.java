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
import io.micrometer.core.instrument.MeterRegistry;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few Web API methods Slipway calls, each turning Slack's answer into a result or a
 * {@link ChatDeliveryException} that says whether trying again can help. Messages never carry the token
 * (the SDK sends it in a header and we quote only Slack's error codes).
 *
 * <p>How a broken connection is handled depends on whether Slack may carry the call out twice. A call that is safe
 * to repeat ({@code chat.update}, {@code reactions.add}, {@code conversations.open}) goes on a kept connection and,
 * if that breaks, at once once more on a new one: a kept connection the server closed without saying so costs one
 * quick retry, not the job queue's backoff. A post ({@code chat.postMessage}, {@code chat.postEphemeral}) goes on a
 * connection of its own, so it never meets a connection the server closed; if that breaks after the request could
 * have reached Slack, it is not sent again (the job queue is told not to retry either), because a second post is a
 * second message. Only a post that never had a connection is worth trying again.
 */
final class SlackWebClient {
    private static final Logger log = LoggerFactory.getLogger(SlackWebClient.class);

    /** Slack's own trouble, not ours: documented as transient, like an HTTP 5xx. */
    private static final Set<String> TRANSIENT = Set.of(
            "ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout");

    private final MethodsClient reusing;
    private final MethodsClient fresh;

    /**
     * Calls safe to repeat go through {@code reusing}, posts and second tries through {@code fresh}, which should
     * open a new connection for every call (both may be the same client: then a retry may meet a dead connection).
     */
    SlackWebClient(MethodsClient reusing, MethodsClient fresh) {
        this.reusing = reusing;
        this.fresh = fresh;
    }

    /**
     * The two HTTP clients of {@link SlackHttp} to the Web API at one address, shared by the clients of every bot
     * token: a workspace's client is cheap to make, its connections are not. The SDK's debug logging stays as it is
     * by default: it redacts the Authorization header, which carries the token.
     */
    static final class Connections {
        private final Slack reusing;
        private final Slack fresh;

        Connections(String apiUrl, MeterRegistry registry) {
            SlackConfig config = SlackApiConfig.config(apiUrl);
            OkHttpClient http = SlackHttp.reusing(config, registry);
            this.reusing = Slack.getInstance(config, new SlackHttpClient(http));
            this.fresh = Slack.getInstance(config, new SlackHttpClient(SlackHttp.fresh(http)));
        }

        SlackWebClient client(String botToken) {
            return new SlackWebClient(reusing.methods(botToken), fresh.methods(botToken));
        }
    }

    /** Posts in {@code channel}, in the thread {@code threadTs} when not null; returns the new message's ts. */
    String postMessage(String channel, String threadTs, String text, List<LayoutBlock> blocks) throws ChatDeliveryException {
        return once("chat.postMessage", methods -> methods.chatPostMessage(r -> r
                .channel(channel).threadTs(threadTs).text(text).blocks(blocks))).getTs();
    }

    void update(String channel, String ts, String text, List<LayoutBlock> blocks) throws ChatDeliveryException {
        repeatable("chat.update", methods -> methods.chatUpdate(r -> r.channel(channel).ts(ts).text(text).blocks(blocks)));
    }

    /** Opens (or finds) the direct message between the bot and {@code user}; returns its channel id. */
    String openDirectMessage(String user) throws ChatDeliveryException {
        return repeatable("conversations.open", methods -> methods.conversationsOpen(r -> r.users(List.of(user))))
                .getChannel().getId();
    }

    void postEphemeral(String channel, String user, String text, List<LayoutBlock> blocks) throws ChatDeliveryException {
        once("chat.postEphemeral", methods -> methods.chatPostEphemeral(r -> r.channel(channel).user(user).text(text)
                .blocks(blocks)));
    }

    /** Adds the reaction {@code name} to a message; one that is already there is fine. */
    void react(String channel, String ts, String name) throws ChatDeliveryException {
        try {
            repeatable("reactions.add", methods -> methods.reactionsAdd(r -> r.channel(channel).timestamp(ts).name(name)));
        } catch (SlackWebRefusal refusal) {
            if (!refusal.error().equals("already_reacted")) {
                throw refusal;
            }
        }
    }

    /** A call Slack may carry out twice without harm: a broken connection is followed at once by a try on a new one. */
    private <T extends SlackApiTextResponse> T repeatable(String method, SlackWebCall<T> call) throws ChatDeliveryException {
        try {
            return answered(method, call.send(reusing));
        } catch (IOException broken) {
            log.debug("{} lost its connection ({}); sending it again on a new one", method, describe(broken));
        } catch (SlackApiException e) {
            throw httpError(method, e);
        }
        try {
            return answered(method, call.send(fresh));
        } catch (IOException e) {
            throw new ChatDeliveryException("Slack unreachable for " + method + ": " + describe(e), true, null);
        } catch (SlackApiException e) {
            throw httpError(method, e);
        }
    }

    /** A call that must not reach Slack twice: sent once, and retryable after a broken connection only if it never had one. */
    private <T extends SlackApiTextResponse> T once(String method, SlackWebCall<T> call) throws ChatDeliveryException {
        SlackRequestStage.beginCall();
        try {
            return answered(method, call.send(fresh));
        } catch (IOException e) {
            if (SlackRequestStage.neverConnected()) {
                throw new ChatDeliveryException("Slack unreachable for " + method + ": " + describe(e), true, null);
            }
            throw new ChatDeliveryException("Slack may have posted " + method + " before the connection broke ("
                    + describe(e) + "); not sending it again, so that it cannot show twice", false, null);
        } catch (SlackApiException e) {
            throw httpError(method, e);
        }
    }

    private static <T extends SlackApiTextResponse> T answered(String method, T response) throws SlackWebRefusal {
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

    /** One SDK call on the client given, which reports trouble through the SDK's two checked exceptions. */
    @FunctionalInterface
    interface SlackWebCall<T> {
        T send(MethodsClient methods) throws IOException, SlackApiException;
    }
}
