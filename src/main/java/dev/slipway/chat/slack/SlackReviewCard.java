package dev.slipway.chat.slack;

import com.slack.api.model.block.LayoutBlock;
import dev.slipway.chat.ReviewCard;
import java.util.List;

/**
 * A review card as Block Kit: a section with its text, then its buttons, if any, drawn as {@link SlackChoices} draws
 * a reply's, with the deployment id as their value; everything else about the review is in the database.
 */
final class SlackReviewCard {
    private SlackReviewCard() {
    }

    /** The card's blocks; without buttons there is no actions block, so an update takes the old ones away. */
    static List<LayoutBlock> blocks(ReviewCard card) {
        return SlackChoices.blocks(card.text(), card.buttons().stream()
                .map(button -> button.choice(card.deploymentId())).toList());
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
