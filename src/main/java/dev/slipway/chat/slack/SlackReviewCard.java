package dev.slipway.chat.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import dev.slipway.chat.ReviewCard;
import java.util.ArrayList;
import java.util.List;

/**
 * A review card as Block Kit: a section with its text, then its buttons, if any, in one actions block. A button
 * carries {@code slipway.<command>} as its action id, which {@link SlackSurface#ACTION} turns back into the
 * command, and the deployment id as its value; everything else about the review is in the database.
 */
final class SlackReviewCard {
    /** Slack refuses a button whose label is longer. */
    private static final int LABEL_LIMIT = 75;
    /** Slack refuses a confirmation dialog whose text is longer. */
    private static final int CONFIRM_LIMIT = 300;

    private SlackReviewCard() {
    }

    /** The card's blocks; without buttons there is no actions block, so an update takes the old ones away. */
    static List<LayoutBlock> blocks(ReviewCard card) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(SlackMessageText.section(card.text()));
        if (!card.buttons().isEmpty()) {
            List<BlockElement> buttons = new ArrayList<>();
            for (ReviewCard.Button button : card.buttons()) {
                buttons.add(button(button, card.deploymentId()));
            }
            blocks.add(ActionsBlock.builder().elements(buttons).build());
        }
        return blocks;
    }

    private static ButtonElement button(ReviewCard.Button button, long deploymentId) {
        String actionId = "slipway." + button.command();
        if (!SlackSurface.ACTION.matcher(actionId).matches()) {
            // The surface would ignore the press: better to refuse the card than to show a dead button.
            throw new IllegalArgumentException("not a command a Slack button can run: " + button.command());
        }
        return ButtonElement.builder()
                .actionId(actionId)
                .value(Long.toString(deploymentId))
                .text(plain(SlackMessageText.clip(button.label(), LABEL_LIMIT)))
                .style(switch (button.style()) {
                    case PRIMARY -> "primary";
                    case DANGER -> "danger";
                    case PLAIN -> null;
                })
                .confirm(button.confirm() == null ? null : ConfirmationDialogObject.builder()
                        .title(plain("Are you sure?"))
                        .text(MarkdownTextObject.builder().text(SlackMessageText.clip(button.confirm(), CONFIRM_LIMIT)).build())
                        .confirm(plain("Yes"))
                        .deny(plain("Cancel"))
                        .build())
                .build();
    }

    private static PlainTextObject plain(String text) {
        return PlainTextObject.builder().text(text).emoji(true).build();
    }

    /**
     * Where a card was posted: the direct message's channel and the message's ts, written {@code <channel>:<ts>}
     * (such as {@code D0001:1717171800.000100}) so that one string finds the message again.
     */
    record Ref(String channel, String ts) {
        /** The ref {@code text} writes, or null when it is not one (such as a ref from another surface). */
        static Ref parse(String text) {
            if (text == null) {
                return null;
            }
            int colon = text.indexOf(':');
            if (colon <= 0 || colon == text.length() - 1 || text.indexOf(':', colon + 1) >= 0) {
                return null;
            }
            return new Ref(text.substring(0, colon), text.substring(colon + 1));
        }

        @Override
        public String toString() {
            return channel + ":" + ts;
        }
    }
}
