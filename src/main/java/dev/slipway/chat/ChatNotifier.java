package dev.slipway.chat;

import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;

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
     * Answers a person where they asked: in {@code where}'s thread (or channel when it has none), or only to
     * {@code user} when {@code privately}.
     */
    void reply(ChatOrigin where, String user, String text, boolean privately) throws ChatDeliveryException;
}
