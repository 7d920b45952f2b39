package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads the buttons out of the Block Kit blocks Slipway sent the fake Slack. */
public final class SlackBlocks {
    private SlackBlocks() {
    }

    /** Every button as {@code action_id=value}, in order. */
    public static List<String> buttons(JsonNode blocks) {
        List<String> buttons = new ArrayList<>();
        for (JsonNode block : blocks) {
            for (JsonNode element : block.path("elements")) {
                if (element.path("type").asText().equals("button")) {
                    buttons.add(element.path("action_id").asText() + "=" + element.path("value").asText());
                }
            }
        }
        return buttons;
    }

    /** The button with {@code actionId}; fails when there is none. */
    public static JsonNode button(JsonNode blocks, String actionId) {
        for (JsonNode block : blocks) {
            for (JsonNode element : block.path("elements")) {
                if (element.path("action_id").asText().equals(actionId)) {
                    return element;
                }
            }
        }
        throw new AssertionError("no button " + actionId + " in " + blocks);
    }
}
