package dev.slipway.web;

import dev.slipway.chat.ChatNotifier;
import dev.slipway.chat.Choice;
import dev.slipway.chat.ReviewCard;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import java.util.List;

/**
 * Reports of what was asked for on the web: there is no message to post, because the pages read every deployment,
 * approval and review from the database and follow it live. Their jobs still run, so they never wait in the queue.
 */
public final class WebNotifier implements ChatNotifier {
    @Override
    public String report(Deployment deployment, DeploymentState announced, String messageRef) {
        return "web:" + deployment.id();
    }

    @Override
    public void reply(ChatOrigin where, String user, String text, List<Choice> choices, boolean privately) {
        // The page that asked shows the reply itself.
    }

    @Override
    public String showReview(ReviewCard card, String messageRef) {
        return messageRef != null ? messageRef : "web:review";
    }

    @Override
    public void replyToReview(String recipient, String messageRef, String text) {
        // The deployment's page shows its review.
    }

    @Override
    public void announce(String channel, String text) {
        // The board shows what would be announced.
    }
}
