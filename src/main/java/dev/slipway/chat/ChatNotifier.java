package dev.slipway.chat;

import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import java.util.List;

/**
 * Reports a deployment where it was asked for. Called by a durable job, once per state change and in order
 * for one deployment; a call may be repeated after a crash, so showing the same state twice must be harmless
 * (a surface with editable messages updates the same message in place).
 */
public interface ChatNotifier {

    /**
     * Shows that {@code deployment} reached {@code announced} (its stored state may already be further on).
     *
     * @param messageRef the reference this notifier returned for the deployment before, or null the first time
     * @return the reference of the message to update next time
     * @throws ChatDeliveryException when the chat service could not be reached or refused
     */
    String report(Deployment deployment, DeploymentState announced, String messageRef) throws ChatDeliveryException;

    /**
     * As {@link #report(Deployment, DeploymentState, String)}, naming the people who took part besides the asker
     * (who created the deployment on the code host, who wrote its commit), each written as a chat mention
     * ({@code <@U123>}) when Slipway knows them, else by their login, with their part: "created by <@U123>".
     */
    default String report(Deployment deployment, DeploymentState announced, String messageRef, List<String> involved)
            throws ChatDeliveryException {
        return report(deployment, announced, messageRef);
    }

    /**
     * As {@link #report(Deployment, DeploymentState, String, List)}, with {@code choices} (those
     * {@link DeploymentMessages#choices} gives for {@code announced}) under the report for whoever sees it to press.
     * A later report shows its own choices instead, so buttons that no longer make sense go away. A notifier that
     * cannot show them reports without them.
     */
    default String report(Deployment deployment, DeploymentState announced, String messageRef, List<String> involved,
                          List<Choice> choices) throws ChatDeliveryException {
        return report(deployment, announced, messageRef, involved);
    }

    /**
     * Answers a person where they asked: in {@code where}'s thread (or channel when it has none), or only to
     * {@code user} when {@code privately}.
     */
    default void reply(ChatOrigin where, String user, String text, boolean privately) throws ChatDeliveryException {
        reply(where, user, text, List.of(), privately);
    }

    /**
     * Answers as {@link #reply(ChatOrigin, String, String, boolean)} does, with {@code choices} (at most
     * {@link Choice#MOST_PER_REPLY}, all shown) under the text for whoever sees it to press.
     */
    void reply(ChatOrigin where, String user, String text, List<Choice> choices, boolean privately)
            throws ChatDeliveryException;

    /**
     * Shows {@code card} to its recipient in a direct message: a new one the first time, then the same message
     * updated in place. A repeated call with the same card is harmless.
     *
     * @param messageRef the reference this notifier returned for this card before, or null the first time
     * @return the reference of the message to update next time
     */
    String showReview(ReviewCard card, String messageRef) throws ChatDeliveryException;

    /** Posts {@code text} (written as a card's text is) as a reply under the review message {@code messageRef}. */
    void replyToReview(String recipient, String messageRef, String text) throws ChatDeliveryException;

    /** Posts {@code text} (written as a card's text is) at the top of {@code channel}, for everyone there. */
    void announce(String channel, String text) throws ChatDeliveryException;
}
