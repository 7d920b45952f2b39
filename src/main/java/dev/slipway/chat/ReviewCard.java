package dev.slipway.chat;

import java.util.List;
import java.util.Objects;

/**
 * What one person is shown about a build under review, in a message of their own: its words (Slack mrkdwn, people
 * written as {@code <@U123>}) and the buttons they may press now. Every surface shows the same card; an empty
 * button list means there is nothing left for them to press.
 *
 * @param deploymentId the review's id (its preview deployment), the only value a button carries
 * @param workspace    the chat workspace the recipient is reached in, or null when there is only one
 */
public record ReviewCard(long deploymentId, String recipient, String text, List<Button> buttons, String workspace) {
    public ReviewCard {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(text, "text");
        buttons = List.copyOf(buttons);
    }

    /** A card in the only workspace there is. */
    public ReviewCard(long deploymentId, String recipient, String text, List<Button> buttons) {
        this(deploymentId, recipient, text, buttons, null);
    }

    /**
     * A button that runs {@code <command> <deploymentId>} for whoever presses it.
     *
     * @param confirm the question of a confirmation dialog shown before it runs, or null for none
     */
    public record Button(String command, String label, Choice.Style style, String confirm) {
        public Button {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(style, "style");
        }

        /** This button on the card of {@code deploymentId}: a choice like any other reply's. */
        public Choice choice(long deploymentId) {
            return new Choice(command, Long.toString(deploymentId), label, style, confirm);
        }
    }
}
