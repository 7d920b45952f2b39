package dev.slipway.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.element.ButtonElement;
import dev.slipway.chat.Choice;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SlackChoicesTest {

    private static List<Choice> logins(int count) {
        return IntStream.range(0, count).mapToObj(i -> new Choice("hello", "dev" + i, "dev" + i)).toList();
    }

    @Test
    void the_most_choices_a_reply_carries_fit_in_one_slack_message() {
        List<LayoutBlock> blocks = SlackChoices.blocks("Who are you?", logins(Choice.MOST_PER_REPLY));

        assertThat(blocks).hasSizeLessThanOrEqualTo(SlackChoices.BLOCKS_PER_MESSAGE);
        assertThat(blocks.get(0)).isInstanceOf(SectionBlock.class);
        assertThat(blocks.subList(1, blocks.size())).allSatisfy(block -> assertThat(block)
                .isInstanceOfSatisfying(ActionsBlock.class, actions -> assertThat(actions.getElements()).hasSize(25)));
        ButtonElement last = (ButtonElement) ((ActionsBlock) blocks.get(blocks.size() - 1)).getElements().get(24);
        assertThat(last.getActionId()).isEqualTo("slipway.hello");
        assertThat(last.getValue()).isEqualTo("dev1199");
    }

    @Test
    void a_reply_without_choices_is_its_text_alone() {
        assertThat(SlackChoices.blocks("hi", List.of())).singleElement().isInstanceOf(SectionBlock.class);
    }

    @Test
    void more_choices_than_a_message_shows_are_refused_rather_than_cut() {
        assertThatThrownBy(() -> SlackChoices.blocks("too many", logins(49 * 25 + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_choice_shows_its_style_and_asks_its_question_first_and_a_plain_one_neither() {
        List<LayoutBlock> blocks = SlackChoices.blocks("#7 api: failed", List.of(new Choice("retry", "7", "Retry"),
                new Choice("rollback", "7", "Rollback", Choice.Style.DANGER, "Roll api back to <b> & before?")));

        List<?> buttons = ((ActionsBlock) blocks.get(1)).getElements();
        ButtonElement plain = (ButtonElement) buttons.get(0);
        ButtonElement danger = (ButtonElement) buttons.get(1);
        assertThat(plain.getStyle()).isNull();
        assertThat(plain.getConfirm()).isNull();
        assertThat(danger.getStyle()).isEqualTo("danger");
        assertThat(danger.getConfirm().getText().getText()).isEqualTo("Roll api back to &lt;b&gt; &amp; before?");
        assertThat(danger.getConfirm().getConfirm().getText()).isEqualTo("Yes");
        assertThat(danger.getConfirm().getDeny().getText()).isEqualTo("Cancel");
    }
}
