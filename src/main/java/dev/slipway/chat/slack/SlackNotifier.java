package dev.slipway.chat.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.model.block.LayoutBlock;
import dev.slipway.chat.ChatDeliveryException;
import dev.slipway.chat.ChatNotifier;
import dev.slipway.chat.Choice;
import dev.slipway.chat.ReviewCard;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.WorkspaceChannel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a deployment as one Slack message, updated in place, with details as replies in its thread; shows a
 * review card to its recipient as a direct message, also updated in place.
 *
 * <p>The message goes where the deployment was asked for: in the mention's thread when
 * {@link ChatOrigin#thread()} is set, else at the top of the channel. The pipeline's link (when running) and
 * how it ended (the output's tail, a failure's summary) are replies in that thread. A mention also gets a
 * reaction: eyes while queued or running, then a check mark or a cross.
 *
 * <p>Once this call has posted a new message, later trouble with replies or reactions is logged rather than
 * thrown, because a throw would lose the new message's ts and the retry would post a second one. Reactions are
 * always best effort: they decorate, and a workspace without the reactions:write scope must still get reports.
 */
public final class SlackNotifier implements ChatNotifier {
    private static final Logger log = LoggerFactory.getLogger(SlackNotifier.class);
    /** For notifiers built without metrics. */
    private static final MeterRegistry UNMEASURED = new CompositeMeterRegistry();

    /** The Web API client that speaks in the workspace of a channel address. */
    @FunctionalInterface
    private interface WebClients {
        SlackWebClient in(String address) throws ChatDeliveryException;
    }

    private final WebClients web;
    private final SlackResponseUrls responseUrls;

    /**
     * Uses {@code methods}, which carries the bot token and the API's address, for every call. Such a client cannot
     * tell whether a post whose connection broke had reached Slack, so such a post is never retried.
     */
    public SlackNotifier(MethodsClient methods) {
        SlackWebClient only = new SlackWebClient(methods, methods);
        this.web = address -> only;
        this.responseUrls = null;
    }

    private SlackNotifier(WebClients web, SlackResponseUrls responseUrls) {
        this.web = web;
        this.responseUrls = responseUrls;
    }

    /**
     * A notifier that calls the Web API at {@code apiUrl} (such as {@code http://127.0.0.1:1234/api/}; null for
     * Slack's own) with {@code botToken}. Its HTTP clients never resend a request by themselves; see
     * {@link SlackWebClient} for what is sent again after a broken connection, and what never is.
     */
    public static SlackNotifier create(String apiUrl, String botToken) {
        return new SlackNotifier(SlackWorkspaces.single(apiUrl, botToken, UNMEASURED)::client, null);
    }

    /**
     * A notifier for an app installed in several workspaces: each call goes out with the stored token of the
     * workspace of its channel ({@code T0001/C0001}); a workspace without an installation gets nothing.
     */
    public static SlackNotifier installed(String apiUrl, Supplier<SlackInstallations> installations,
                                          SlackResponseUrls responseUrls, MeterRegistry registry) {
        return new SlackNotifier(SlackWorkspaces.installed(apiUrl, installations, registry)::client, responseUrls);
    }

    /**
     * As {@link #create(String, String)}, reporting a deployment through its command's response URL when Slack
     * refuses to post in its channel; see {@link SlackResponseUrls}.
     */
    public static SlackNotifier create(String apiUrl, String botToken, SlackResponseUrls responseUrls) {
        return create(apiUrl, botToken, responseUrls, UNMEASURED);
    }

    /** As {@link #create(String, String, SlackResponseUrls)}, measuring every call in {@code registry}. */
    public static SlackNotifier create(String apiUrl, String botToken, SlackResponseUrls responseUrls,
                                       MeterRegistry registry) {
        return new SlackNotifier(SlackWorkspaces.single(apiUrl, botToken, registry)::client, responseUrls);
    }

    @Override
    public String report(Deployment deployment, DeploymentState announced, String messageRef) throws ChatDeliveryException {
        return report(deployment, announced, messageRef, List.of());
    }

    @Override
    public String report(Deployment deployment, DeploymentState announced, String messageRef, List<String> involved)
            throws ChatDeliveryException {
        return report(deployment, announced, messageRef, involved, List.of());
    }

    /** The choices are buttons under the headline; an update without them takes the old ones away. */
    @Override
    public String report(Deployment deployment, DeploymentState announced, String messageRef, List<String> involved,
                         List<Choice> choices) throws ChatDeliveryException {
        ChatOrigin origin = deployment.origin();
        SlackWebClient web = this.web.in(origin.channel());
        String channel = WorkspaceChannel.channel(origin.channel());
        String text = SlackMessageText.headline(deployment, announced, involved);
        List<LayoutBlock> blocks = SlackChoices.blocks(text, choices);
        String ts = SlackResponseUrls.channelMessage(messageRef);
        if (ts != null) {
            try {
                web.update(channel, ts, text, blocks);
            } catch (SlackWebRefusal refusal) {
                if (unseen(refusal)) {
                    return reportThroughResponseUrl(deployment, announced, text, messageRef, refusal);
                }
                if (!refusal.messageGone()) {
                    throw refusal;
                }
                log.info("message of deployment #{} is gone ({}); posting a new one", deployment.id(), refusal.error());
                ts = null;
            }
        }
        boolean posted = ts == null;
        if (posted) {
            try {
                ts = web.postMessage(channel, origin.thread(), text, blocks);
            } catch (SlackWebRefusal refusal) {
                if (!unseen(refusal)) {
                    throw refusal;
                }
                return reportThroughResponseUrl(deployment, announced, text, messageRef, refusal);
            }
        }
        String thread = origin.thread() != null ? origin.thread() : ts;
        for (String reply : SlackMessageText.details(deployment, announced)) {
            try {
                web.postMessage(channel, thread, reply, null);
            } catch (ChatDeliveryException e) {
                if (!posted) {
                    throw e;
                }
                log.warn("could not post details of deployment #{}: {}", deployment.id(), e.getMessage());
            }
        }
        react(web, channel, deployment, announced);
        if (responseUrls != null) {
            responseUrls.ended(deployment, announced);
        }
        return ts;
    }

    /** The bot cannot post in the channel, and this notifier has response URLs to try instead. */
    private boolean unseen(SlackWebRefusal refusal) {
        return responseUrls != null && SlackResponseUrls.unseen(refusal);
    }

    /**
     * The headline and its details in one post, through the command's response URL; returns a message ref that says
     * so, which a later report tries to replace with a message in the channel.
     */
    private String reportThroughResponseUrl(Deployment deployment, DeploymentState announced, String text,
                                            String messageRef, SlackWebRefusal refusal) throws ChatDeliveryException {
        List<String> lines = new java.util.ArrayList<>(List.of(text));
        lines.addAll(SlackMessageText.details(deployment, announced));
        try {
            responseUrls.report(deployment, announced, String.join("\n", lines), refusal);
        } catch (ChatDeliveryException e) {
            if (!e.retryable()) {
                responseUrls.ended(deployment, announced);
            }
            throw e;
        }
        responseUrls.ended(deployment, announced);
        return SlackResponseUrls.ref(deployment.id());
    }

    /**
     * Posts {@code text} (Slack mrkdwn, sent as given: escape {@code &}, {@code <} and {@code >} in plain words)
     * in the thread {@code threadTs}, or at the top of {@code channel} when it is null; returns the new message's ts.
     */
    public String postReply(String channel, String threadTs, String text) throws ChatDeliveryException {
        return web.in(channel).postMessage(WorkspaceChannel.channel(channel), threadTs, text, null);
    }

    /** Shows {@code text} (Slack mrkdwn, sent as given) to {@code user} alone, in {@code channel}. */
    public void postEphemeral(String channel, String user, String text) throws ChatDeliveryException {
        web.in(channel).postEphemeral(WorkspaceChannel.channel(channel), user, text, null);
    }

    /**
     * Answers a command in the asking thread, or only to the asking person; the text is shown as written, and the
     * choices as buttons under it.
     */
    @Override
    public void reply(ChatOrigin where, String user, String text, List<Choice> choices, boolean privately)
            throws ChatDeliveryException {
        String shown = SlackMessageText.escapeButMentions(text);
        List<LayoutBlock> blocks = choices.isEmpty() ? null : SlackChoices.blocks(shown, choices);
        SlackWebClient web = this.web.in(where.channel());
        String channel = WorkspaceChannel.channel(where.channel());
        if (privately) {
            web.postEphemeral(channel, user, shown, blocks);
        } else {
            web.postMessage(channel, where.thread(), shown, blocks);
        }
    }

    /**
     * Posts the card in its recipient's direct message the first time, then updates that message in place; a
     * message (or direct message) that is gone is replaced by a new one. The ref is {@code <channel>:<ts>}.
     */
    @Override
    public String showReview(ReviewCard card, String messageRef) throws ChatDeliveryException {
        List<LayoutBlock> blocks = SlackReviewCard.blocks(card);
        SlackReviewCard.Ref ref = SlackReviewCard.Ref.parse(messageRef);
        // A direct message's ref names its workspace as a channel's address does.
        String workspace = ref != null ? WorkspaceChannel.team(ref.channel()) : card.workspace();
        SlackWebClient web = this.web.in(WorkspaceChannel.of(workspace, card.recipient()));
        if (ref != null) {
            try {
                web.update(WorkspaceChannel.channel(ref.channel()), ref.ts(), card.text(), blocks);
                return ref.toString();
            } catch (SlackWebRefusal refusal) {
                if (!refusal.messageGone() && !refusal.channelGone()) {
                    throw refusal;
                }
                log.info("review message of deployment #{} for {} is gone ({}); posting a new one",
                        card.deploymentId(), card.recipient(), refusal.error());
            }
        } else if (messageRef != null) {
            log.warn("review message ref {} of deployment #{} is not a Slack one; posting a new message",
                    messageRef, card.deploymentId());
        }
        String channel = web.openDirectMessage(card.recipient());
        return new SlackReviewCard.Ref(WorkspaceChannel.of(workspace, channel),
                web.postMessage(channel, null, card.text(), blocks)).toString();
    }

    /** Replies in the thread of the review message; without one to find, at the top of the direct message. */
    @Override
    public void replyToReview(String recipient, String messageRef, String text) throws ChatDeliveryException {
        SlackReviewCard.Ref ref = SlackReviewCard.Ref.parse(messageRef);
        if (ref != null) {
            web.in(ref.channel()).postMessage(WorkspaceChannel.channel(ref.channel()), ref.ts(), text, null);
        } else {
            SlackWebClient web = this.web.in(recipient);
            web.postMessage(web.openDirectMessage(recipient), null, text, null);
        }
    }

    /** The asking message is the mention, whose ts (or its thread's) Slipway keeps as the origin's thread. */
    private void react(SlackWebClient web, String channel, Deployment deployment, DeploymentState announced) {
        String asked = deployment.origin().message();
        String name = switch (announced) {
            case QUEUED, RUNNING -> "eyes";
            case SUCCEEDED -> "white_check_mark";
            case FAILED, CANCELLED, REJECTED -> "x";
            case REQUESTED, AWAITING_APPROVAL -> null;
        };
        if (asked == null || name == null) {
            return;
        }
        try {
            web.react(channel, asked, name);
        } catch (ChatDeliveryException e) {
            log.warn("could not react to the request of deployment #{}: {}", deployment.id(), e.getMessage());
        }
    }

    /** Posts {@code text} (Slack mrkdwn, sent as given) at the top of {@code channel}; a project without one has nobody to tell. */
    @Override
    public void announce(String channel, String text) throws ChatDeliveryException {
        if (channel == null) {
            log.info("not announcing in Slack: the project has no channel");
            return;
        }
        web.in(channel).postMessage(WorkspaceChannel.channel(channel), null, text, null);
    }
}
