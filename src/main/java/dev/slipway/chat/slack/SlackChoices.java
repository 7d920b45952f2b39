package dev.slipway.chat.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import dev.slipway.chat.Choice;
import java.util.ArrayList;
import java.util.List;

/**
 * A reply with choices as Block Kit: a section with its text, then its buttons in actions blocks of
 * {@value #BUTTONS_PER_BLOCK}. A button carries {@code slipway.<command>} as its action id, which
 * {@link SlackSurface#ACTION} turns back into the command, and the choice's value as its value; its style as
 * Slack's, and its confirmation as a dialog that asks before the press reaches Slipway.
 */
final class SlackChoices {
    /** Slack's limit of elements in one actions block. */
    static final int BUTTONS_PER_BLOCK = 25;
    /** Slack's limit of blocks in one message. */
    static final int BLOCKS_PER_MESSAGE = 50;
    private static final int LABEL_LIMIT = 75;
    private static final int VALUE_LIMIT = 2000;
    /** Slack refuses a confirmation dialog whose text is longer. */
    private static final int CONFIRM_LIMIT = 300;

    private SlackChoices() {
    }

    /** The reply's blocks: {@code mrkdwn}, then the choices (which {@link Choice#MOST_PER_REPLY} keeps within Slack's limits). */
    static List<LayoutBlock> blocks(String mrkdwn, List<Choice> choices) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(SlackMessageText.section(mrkdwn));
        for (int from = 0; from < choices.size(); from += BUTTONS_PER_BLOCK) {
            if (blocks.size() == BLOCKS_PER_MESSAGE) {
                throw new IllegalArgumentException("more choices than one Slack message shows: " + choices.size());
            }
            List<BlockElement> buttons = new ArrayList<>();
            for (Choice choice : choices.subList(from, Math.min(choices.size(), from + BUTTONS_PER_BLOCK))) {
                buttons.add(button(choice));
            }
            blocks.add(ActionsBlock.builder().elements(buttons).build());
        }
        return blocks;
    }

    private static ButtonElement button(Choice choice) {
        String actionId = "slipway." + choice.command();
        if (!SlackSurface.ACTION.matcher(actionId).matches() || choice.value().length() > VALUE_LIMIT) {
            // The surface would ignore the press: better to refuse the reply than to show a dead button.
            throw new IllegalArgumentException("not a command a Slack button can run: " + choice.typed());
        }
        return ButtonElement.builder()
                .actionId(actionId)
                .value(choice.value())
                .text(plain(SlackMessageText.clip(choice.label(), LABEL_LIMIT)))
                .style(switch (choice.style()) {
                    case PRIMARY -> "primary";
                    case DANGER -> "danger";
                    case PLAIN -> null;
                })
                .confirm(choice.confirm() == null ? null : ConfirmationDialogObject.builder()
                        .title(plain("Are you sure?"))
                        .text(MarkdownTextObject.builder().text(SlackMessageText.clip(
                                SlackMessageText.escapeButMentions(choice.confirm()), CONFIRM_LIMIT)).build())
                        .confirm(plain("Yes"))
                        .deny(plain("Cancel"))
                        .build())
                .build();
    }

    private static PlainTextObject plain(String text) {
        return PlainTextObject.builder().text(text).emoji(true).build();
    }
}
