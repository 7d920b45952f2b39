package dev.slipway.chat.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.util.http.SlackHttpClient;
import com.slack.api.webhook.WebhookResponse;
import dev.slipway.chat.ChatDeliveryException;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.WorkspaceChannel;
import dev.slipway.store.ResponseUrlRepository.ResponseUrl;
import dev.slipway.store.Store;
import java.io.IOException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slash command's {@code response_url}, kept with the deployment the command created, as the way a report still
 * reaches the channel when the bot cannot post there: it is not a member ({@code not_in_channel}, a channel without
 * {@code chat:write.public} or a private one), the channel is archived, or the bot cannot see it. Slack honours such a
 * URL for 30 minutes and 5 posts; each post is counted before it is sent, so none is ever tried a sixth time, and the
 * asker is told once, privately, how to invite the bot. A deployment without one (asked by a mention in a channel the
 * bot later left) cannot be reported: that report fails for good with a line saying why, and is not retried.
 *
 * <p>The URL is a credential; it is never logged, and the store keeps it sealed.
 */
public final class SlackResponseUrls {
    /** How long Slack honours a response URL. */
    static final Duration VALID_FOR = Duration.ofMinutes(30);
    /** Kept a little shorter than Slack honours it, so that a post is never made at the last second and lost. */
    static final Duration KEPT_FOR = VALID_FOR.minusMinutes(1);
    /** How many posts Slack takes through one response URL. */
    static final int MOST_USES = 5;
    /**
     * How long a report waits for the URL of the command that created its deployment: the command keeps it right
     * after the deployment is stored, and the first report may come before that.
     */
    static final Duration WAIT_FOR_COMMAND = Duration.ofSeconds(10);
    private static final Duration RETRY_WAITING = Duration.ofSeconds(1);
    /** Slack's refusals of a post that say the bot cannot post in the channel, though a response URL can. */
    private static final Set<String> UNSEEN = Set.of("not_in_channel", "is_archived", "channel_not_found");
    private static final String REF_PREFIX = "response-url-";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(SlackResponseUrls.class);

    private final Store store;
    private final Clock clock;
    private final Slack http;

    /** Keeps URLs in {@code store}; {@code clock} says when they expire. Posts through the SDK's HTTP client. */
    public SlackResponseUrls(Store store, Clock clock) {
        this(store, clock, new CompositeMeterRegistry());
    }

    /** As {@link #SlackResponseUrls(Store, Clock)}, measuring every post in {@code registry}. */
    public SlackResponseUrls(Store store, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.clock = clock;
        SlackConfig config = SlackApiConfig.config(null);
        // A connection of its own for every post, never resent by OkHttp: a post sent twice shows twice.
        this.http = Slack.getInstance(config, new SlackHttpClient(SlackHttp.fresh(SlackHttp.reusing(config, registry))));
    }

    /**
     * The message ref of a deployment reported through its response URL: no message in the channel to update, but a
     * report made (the run need not wait for one), and unique, so a pipeline's hook that quotes it as the thread still
     * names the deployment.
     */
    static String ref(long deploymentId) {
        return REF_PREFIX + deploymentId;
    }

    /** The ts of the deployment's message in its channel, or null when it has none there ({@link #ref}). */
    static String channelMessage(String messageRef) {
        return messageRef == null || messageRef.startsWith(REF_PREFIX) ? null : messageRef;
    }

    /** True when {@code refusal} means the bot cannot post in the channel, while the command's URL still could. */
    static boolean unseen(SlackWebRefusal refusal) {
        return UNSEEN.contains(refusal.error());
    }

    /**
     * Keeps the command's {@code url} for the deployment it created, for {@link #VALID_FOR} from now. Never throws:
     * the command has done its work, and a report that needs the URL says so when it finds none.
     */
    void keep(long deploymentId, String url) {
        if (url == null || url.isBlank()) {
            return;
        }
        Instant expires = clock.instant().plus(KEPT_FOR);
        try {
            store.inTransaction(tx -> {
                tx.responseUrls().keep(deploymentId, url, expires);
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("could not keep the response URL of deployment #{}; its reports go only to its channel: {}",
                    deploymentId, e.toString());
        }
    }

    /**
     * Reports {@code text} through the deployment's response URL, in the channel for everyone, after the channel
     * refused the post ({@code refusal}); the first time, also tells the asker privately how to invite the bot.
     *
     * @throws ChatDeliveryException retryable only while the command may still be keeping the URL, or Slack's
     *                               side of the URL failed; not retryable when there is no URL to use
     */
    void report(Deployment deployment, DeploymentState announced, String text, SlackWebRefusal refusal)
            throws ChatDeliveryException {
        long id = deployment.id();
        Instant now = clock.instant();
        String channel = deployment.origin().channel();
        Optional<ResponseUrl> kept = store.read(tx -> tx.responseUrls().findByDeployment(id));
        if (kept.isEmpty()) {
            if (fromCommand(deployment) && now.isBefore(deployment.createdAt().plus(WAIT_FOR_COMMAND))) {
                throw new ChatDeliveryException("Slack refused " + refusal.method() + " in " + channel + " ("
                        + refusal.error() + "); waiting for the response URL of the command that asked for #" + id,
                        true, RETRY_WAITING);
            }
            throw unreported(deployment, announced, refusal, "it has no response URL to report through (asked by a"
                    + " mention, or by a command whose URL was not kept)");
        }
        if (kept.get().expired(now)) {
            throw unreported(deployment, announced, refusal, "its command's response URL expired at "
                    + kept.get().expiresAt() + " and is not used");
        }
        int use = store.inTransaction(tx -> tx.responseUrls().claimUse(id, now, MOST_USES));
        if (use == 0) {
            throw unreported(deployment, announced, refusal, "its command's response URL has carried the " + MOST_USES
                    + " posts Slack allows");
        }
        boolean last = use == MOST_USES && !announced.isTerminal();
        send(kept.get().url(), "in_channel", last ? text + "\n\n" + lastUpdate(channel) : text, id);
        log.info("reported deployment #{} ({}) through its command's response URL (post {} of {}): {} refused {}",
                id, announced.label(), use, MOST_USES, channel, refusal.error());
        if (!last && !kept.get().hinted()) {
            hint(deployment, kept.get().url(), refusal);
        }
    }

    /** The deployment has ended and its last report is out: its URL is needed no more. */
    void ended(Deployment deployment, DeploymentState announced) {
        if (!announced.isTerminal()) {
            return;
        }
        try {
            store.inTransaction(tx -> {
                tx.responseUrls().forget(deployment.id());
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("could not forget the response URL of ended deployment #{}: {}", deployment.id(), e.toString());
        }
    }

    /** Tells the asker once, privately, why reports come this way and how to get every update; best effort. */
    private void hint(Deployment deployment, String url, SlackWebRefusal refusal) {
        long id = deployment.id();
        try {
            if (!store.inTransaction(tx -> tx.responseUrls().claimHint(id, clock.instant()))) {
                return;
            }
            if (store.inTransaction(tx -> tx.responseUrls().claimUse(id, clock.instant(), MOST_USES)) == 0) {
                return;
            }
            send(url, "ephemeral", hintText(deployment.origin().channel(), refusal.error()), id);
        } catch (ChatDeliveryException | RuntimeException e) {
            log.warn("could not tell the asker of deployment #{} how to invite the bot: {}", id, e.getMessage());
        }
    }

    static String hintText(String channel, String error) {
        String link = "<#" + WorkspaceChannel.channel(channel) + ">";
        if (error.equals("is_archived")) {
            return link + " is archived, so I report here only while Slack lets me (30 minutes). Unarchive it, or ask"
                    + " from another channel, to see every update.";
        }
        return "I'm not in " + link + ", so I report here only while Slack lets me (30 minutes). Invite me with"
                + " `/invite @slipway` to see every update.";
    }

    private static String lastUpdate(String channel) {
        return "_That is the last update Slack lets me post here. Invite me to <#" + WorkspaceChannel.channel(channel)
                + "> with `/invite @slipway`, or ask `status`, to see how it ends._";
    }

    /** Asked by a slash command: no asking message, unlike a mention, whose ts is the origin's message. */
    private static boolean fromCommand(Deployment deployment) {
        return deployment.origin().message() == null;
    }

    private static ChatDeliveryException unreported(Deployment deployment, DeploymentState announced,
                                                    SlackWebRefusal refusal, String why) {
        return new ChatDeliveryException("deployment #" + deployment.id() + " (" + announced.label()
                + ") cannot be reported: Slack refused " + refusal.method() + " in " + deployment.origin().channel()
                + " (" + refusal.error() + ") and " + why + "; not trying again", false, null);
    }

    private void send(String url, String responseType, String text, long deploymentId) throws ChatDeliveryException {
        ObjectNode body = JSON.createObjectNode().put("response_type", responseType).put("text", text)
                .put("replace_original", false);
        SlackRequestStage.beginCall();
        WebhookResponse answer;
        try {
            answer = http.send(url, body.toString());
        } catch (IOException e) {
            // The URL is never quoted: it is a credential.
            if (SlackRequestStage.neverConnected()) {
                throw new ChatDeliveryException("Slack unreachable for the response URL of #" + deploymentId + ": "
                        + e.getClass().getSimpleName(), true, null);
            }
            throw new ChatDeliveryException("Slack may have taken the post to the response URL of #" + deploymentId
                    + " before the connection broke; not sending it again, so that it cannot show twice", false, null);
        }
        int status = answer.getCode() == null ? 0 : answer.getCode();
        if (status != 200) {
            String error = answer.getBody() == null ? "" : answer.getBody().replaceAll("[^A-Za-z0-9_.-]", "");
            throw new ChatDeliveryException("Slack answered HTTP " + status + " (" + (error.length() > 40
                    ? error.substring(0, 40) : error) + ") to the response URL of #" + deploymentId,
                    status == 429 || status >= 500, null);
        }
    }
}
